-- Opgavepakker schema. Catalogue references (opgavetype, sagstype, enhed, …)
-- are ids into domain::catalog; enums are domain::model codes.

CREATE TABLE roller (
    id          INTEGER PRIMARY KEY,
    navn        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(navn)) > 0),
    beskrivelse TEXT NOT NULL DEFAULT ''
);

CREATE TABLE brugere (
    id            INTEGER PRIMARY KEY,
    brugernavn    TEXT NOT NULL UNIQUE,
    navn          TEXT NOT NULL,
    admin         INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
    password_hash TEXT NOT NULL
);

-- A role in use (by a user or a package version) cannot be deleted.
CREATE TABLE bruger_roller (
    bruger_id INTEGER NOT NULL REFERENCES brugere(id) ON DELETE CASCADE,
    rolle_id  INTEGER NOT NULL REFERENCES roller(id) ON DELETE RESTRICT,
    PRIMARY KEY (bruger_id, rolle_id)
) WITHOUT ROWID;

-- Only a SHA-256 of the session token is stored.
CREATE TABLE sessioner (
    token_hash BLOB PRIMARY KEY,
    bruger_id  INTEGER NOT NULL REFERENCES brugere(id) ON DELETE CASCADE,
    udloeber   INTEGER NOT NULL -- unix seconds
) WITHOUT ROWID;

CREATE TABLE borgere (
    id           INTEGER PRIMARY KEY,
    cpr          TEXT NOT NULL UNIQUE CHECK (length(cpr) = 10),
    navn         TEXT NOT NULL,
    pensionstype INTEGER
);

CREATE TABLE sager (
    id        INTEGER PRIMARY KEY,
    borger_id INTEGER NOT NULL REFERENCES borgere(id),
    sagstype  INTEGER NOT NULL,
    ydelse    INTEGER,
    titel     TEXT NOT NULL,
    status    INTEGER NOT NULL CHECK (status BETWEEN 1 AND 5),
    aktiv     INTEGER NOT NULL CHECK (aktiv IN (0, 1)),
    startdato TEXT,
    enhed     INTEGER NOT NULL
);
CREATE INDEX sager_borger ON sager(borger_id);

CREATE TABLE opgaver (
    id                 INTEGER PRIMARY KEY,
    opgavetype         INTEGER NOT NULL,
    opfoelgningstype   INTEGER,
    relation           INTEGER NOT NULL CHECK (relation IN (1, 2)),
    kilde              INTEGER NOT NULL CHECK (kilde BETWEEN 1 AND 4),
    beloebsgodkendelse INTEGER NOT NULL CHECK (beloebsgodkendelse IN (0, 1)),
    enhed              INTEGER NOT NULL,
    borger_id          INTEGER REFERENCES borgere(id),
    sag_id             INTEGER REFERENCES sager(id),
    status             INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
    taget_af           INTEGER REFERENCES brugere(id),
    oprettet           TEXT NOT NULL,
    frist              TEXT,
    -- a person task has a borger, a municipality task has none
    CHECK ((relation = 1) = (borger_id IS NOT NULL))
);
CREATE INDEX opgaver_borger ON opgaver(borger_id);
CREATE INDEX opgaver_sag ON opgaver(sag_id);

CREATE TABLE opgave_historik (
    id        INTEGER PRIMARY KEY,
    opgave_id INTEGER NOT NULL REFERENCES opgaver(id) ON DELETE CASCADE,
    tidspunkt TEXT NOT NULL,
    bruger_id INTEGER REFERENCES brugere(id),
    tekst     TEXT NOT NULL
);
CREATE INDEX opgave_historik_opgave ON opgave_historik(opgave_id);

CREATE TABLE dokumenter (
    id       INTEGER PRIMARY KEY,
    navn     TEXT NOT NULL,
    format   INTEGER NOT NULL CHECK (format BETWEEN 1 AND 3),
    kategori INTEGER,
    modtaget TEXT NOT NULL
);

CREATE TABLE opgave_dokumenter (
    opgave_id   INTEGER NOT NULL REFERENCES opgaver(id) ON DELETE CASCADE,
    dokument_id INTEGER NOT NULL REFERENCES dokumenter(id) ON DELETE CASCADE,
    PRIMARY KEY (opgave_id, dokument_id)
) WITHOUT ROWID;
CREATE INDEX opgave_dokumenter_dokument ON opgave_dokumenter(dokument_id);

CREATE TABLE sag_dokumenter (
    sag_id      INTEGER NOT NULL REFERENCES sager(id) ON DELETE CASCADE,
    dokument_id INTEGER NOT NULL REFERENCES dokumenter(id) ON DELETE CASCADE,
    PRIMARY KEY (sag_id, dokument_id)
) WITHOUT ROWID;
CREATE INDEX sag_dokumenter_dokument ON sag_dokumenter(dokument_id);

-- Task packages: a key, and temporal versions that never overlap in time.
CREATE TABLE opgavepakker (
    id      INTEGER PRIMARY KEY,
    noegle  TEXT NOT NULL UNIQUE
);

CREATE TABLE opgavepakke_versioner (
    id              INTEGER PRIMARY KEY,
    pakke_id        INTEGER NOT NULL REFERENCES opgavepakker(id),
    navn            TEXT NOT NULL,
    beskrivelse     TEXT NOT NULL DEFAULT '',
    filter          TEXT NOT NULL, -- JSON of domain::PackageFilter
    aendringsaarsag TEXT NOT NULL DEFAULT '',
    gyldig_fra      TEXT NOT NULL,
    gyldig_til      TEXT,
    oprettet_af     INTEGER NOT NULL REFERENCES brugere(id),
    oprettet        TEXT NOT NULL, -- RFC 3339
    CHECK (gyldig_til IS NULL OR gyldig_til >= gyldig_fra)
);
CREATE INDEX opgavepakke_versioner_pakke ON opgavepakke_versioner(pakke_id);

CREATE TABLE opgavepakke_roller (
    version_id INTEGER NOT NULL REFERENCES opgavepakke_versioner(id) ON DELETE CASCADE,
    rolle_id   INTEGER NOT NULL REFERENCES roller(id) ON DELETE RESTRICT,
    PRIMARY KEY (version_id, rolle_id)
) WITHOUT ROWID;
CREATE INDEX opgavepakke_roller_rolle ON opgavepakke_roller(rolle_id);
