-- Intake (issue 9): source-system credentials, answered messages (replay),
-- automatic processing on tasks, formue and received events, eFakturaer
-- with their attachments, temporal system parameters, and when a task was
-- last opened ("Nye hændelser"). Plain SQL (no JSON functions): a later
-- issue ports it to PostgreSQL.

-- `dokumenter.format` admits every domain::model::DokumentFormat code
-- (1 PDF, 2 XML, 3 Andet, 4 JPEG, 5 PNG, 6 TIFF, 7 DOCX). SQLite cannot
-- alter a CHECK, so the table is rebuilt: new table, copy, drop, rename.
-- The migration runs in a transaction with foreign keys on (sqlx's SQLite
-- migrator ignores `-- no-transaction`), so dropping the old table deletes
-- the rows that refer to it (ON DELETE CASCADE): they are kept aside in
-- temporary tables and put back once the new table has its name.
CREATE TABLE dokumenter_ny (
    id       INTEGER PRIMARY KEY,
    navn     TEXT NOT NULL,
    format   INTEGER NOT NULL CHECK (format BETWEEN 1 AND 7),
    kategori INTEGER,
    modtaget TEXT NOT NULL
);
INSERT INTO dokumenter_ny (id, navn, format, kategori, modtaget) SELECT id, navn, format, kategori, modtaget FROM dokumenter;
CREATE TEMP TABLE gemt_opgave_dokumenter AS SELECT opgave_id, dokument_id FROM opgave_dokumenter;
CREATE TEMP TABLE gemt_sag_dokumenter AS SELECT sag_id, dokument_id FROM sag_dokumenter;
CREATE TEMP TABLE gemt_dokument_indhold AS SELECT dokument_id, indhold FROM dokument_indhold;
DROP TABLE dokumenter;
ALTER TABLE dokumenter_ny RENAME TO dokumenter;
INSERT INTO opgave_dokumenter (opgave_id, dokument_id) SELECT opgave_id, dokument_id FROM gemt_opgave_dokumenter;
INSERT INTO sag_dokumenter (sag_id, dokument_id) SELECT sag_id, dokument_id FROM gemt_sag_dokumenter;
INSERT INTO dokument_indhold (dokument_id, indhold) SELECT dokument_id, indhold FROM gemt_dokument_indhold;
DROP TABLE gemt_opgave_dokumenter;
DROP TABLE gemt_sag_dokumenter;
DROP TABLE gemt_dokument_indhold;

-- Source systems (self-service, eFaktura, events): a bearer token each,
-- stored only as its SHA-256. `art` is domain SourceKind's code. A name is
-- unique among the credentials in force (a revoked one may be re-created).
CREATE TABLE kildesystemer (
    id           INTEGER PRIMARY KEY,
    navn         TEXT NOT NULL CHECK (length(trim(navn)) > 0),
    art          INTEGER NOT NULL CHECK (art BETWEEN 1 AND 3),
    token_hash   BLOB NOT NULL UNIQUE,
    oprettet     TEXT NOT NULL, -- RFC 3339
    oprettet_af  INTEGER NOT NULL REFERENCES brugere(id),
    tilbagekaldt TEXT           -- RFC 3339, NULL while in force
);
CREATE UNIQUE INDEX kildesystemer_navn_i_kraft ON kildesystemer(navn) WHERE tilbagekaldt IS NULL;

-- Every answered message of a source system: the same message id again
-- gets the stored answer and writes nothing. Written in the transaction of
-- the message's effects; a refused message leaves no row.
CREATE TABLE intake_beskeder (
    kildesystem_id INTEGER NOT NULL REFERENCES kildesystemer(id),
    besked_id      TEXT NOT NULL,
    status         INTEGER NOT NULL, -- HTTP status of the answer
    svar           TEXT NOT NULL,    -- the answer's JSON body
    modtaget       TEXT NOT NULL,    -- RFC 3339
    PRIMARY KEY (kildesystem_id, besked_id)
) WITHOUT ROWID;

-- A task's sagstype (an Opret bevilling from an application), whether it
-- is under automatic processing (then in no package until released) and
-- the reason it fell out to manual work.
ALTER TABLE opgaver ADD COLUMN sagstype INTEGER;
ALTER TABLE opgaver ADD COLUMN automatisk INTEGER NOT NULL DEFAULT 0 CHECK (automatisk IN (0, 1));
ALTER TABLE opgaver ADD COLUMN udfald_aarsag TEXT;

-- Formue figures received from Udbetaling Danmark.
CREATE TABLE borger_formue (
    id          INTEGER PRIMARY KEY,
    borger_id   INTEGER NOT NULL REFERENCES borgere(id),
    beloeb_oere INTEGER NOT NULL,
    gyldig_fra  TEXT NOT NULL, -- YYYY-MM-DD
    modtaget    TEXT NOT NULL  -- RFC 3339
);
CREATE INDEX borger_formue_borger ON borger_formue(borger_id, gyldig_fra);

-- Events received for a borger (the Borgeroverblik lists them even when no
-- task was made), with the task an event made or released, if any.
CREATE TABLE haendelser (
    id          INTEGER PRIMARY KEY,
    borger_id   INTEGER NOT NULL REFERENCES borgere(id),
    modtaget    TEXT NOT NULL, -- RFC 3339
    beskrivelse TEXT NOT NULL,
    opgave_id   INTEGER REFERENCES opgaver(id)
);
CREATE INDEX haendelser_borger ON haendelser(borger_id);

-- eFakturaer: the invoice document, its Behandl eFaktura task, and whether
-- an embedded attachment failed (LIS: ATTACHED_DOCUMENTS_FAILED Y/N).
CREATE TABLE fakturaer (
    id                        INTEGER PRIMARY KEY,
    borger_id                 INTEGER NOT NULL REFERENCES borgere(id),
    fakturanummer             TEXT NOT NULL,
    leverandoer               TEXT NOT NULL,
    beloeb_oere               INTEGER NOT NULL,
    dokument_id               INTEGER NOT NULL REFERENCES dokumenter(id),
    opgave_id                 INTEGER NOT NULL REFERENCES opgaver(id),
    attached_documents_failed INTEGER NOT NULL CHECK (attached_documents_failed IN (0, 1)),
    fejlede_bilag             TEXT NOT NULL DEFAULT '[]', -- JSON array of domain FailedAttachment
    modtaget                  TEXT NOT NULL               -- RFC 3339
);
CREATE INDEX fakturaer_opgave ON fakturaer(opgave_id);

-- The attachments stored as documents (category Fakturabilag) of an invoice.
CREATE TABLE faktura_bilag (
    faktura_id  INTEGER NOT NULL REFERENCES fakturaer(id) ON DELETE CASCADE,
    dokument_id INTEGER NOT NULL REFERENCES dokumenter(id) ON DELETE CASCADE,
    PRIMARY KEY (faktura_id, dokument_id)
) WITHOUT ROWID;

-- System parameters (domain ParameterKey), temporal like task packages:
-- the versions of one key never overlap in time.
CREATE TABLE systemparameter_versioner (
    id              INTEGER PRIMARY KEY,
    noegle          TEXT NOT NULL,
    vaerdi          TEXT NOT NULL, -- JSON of domain ParameterValue
    aendringsaarsag TEXT NOT NULL DEFAULT '',
    gyldig_fra      TEXT NOT NULL,
    gyldig_til      TEXT,
    oprettet_af     INTEGER NOT NULL REFERENCES brugere(id),
    oprettet        TEXT NOT NULL, -- RFC 3339
    CHECK (gyldig_til IS NULL OR gyldig_til >= gyldig_fra)
);
CREATE INDEX systemparameter_versioner_noegle_fra ON systemparameter_versioner(noegle, gyldig_fra);

CREATE TRIGGER systemparameter_versioner_ingen_overlap_ved_indsaettelse
BEFORE INSERT ON systemparameter_versioner
WHEN EXISTS (
    SELECT 1 FROM systemparameter_versioner o
    WHERE o.noegle = NEW.noegle
      AND (o.gyldig_til IS NULL OR o.gyldig_til >= NEW.gyldig_fra)
      AND (NEW.gyldig_til IS NULL OR NEW.gyldig_til >= o.gyldig_fra)
)
BEGIN
    SELECT RAISE(ABORT, 'systemparameter_versioner: versioner af samme parameter må ikke overlappe i tid');
END;

CREATE TRIGGER systemparameter_versioner_ingen_overlap_ved_rettelse
BEFORE UPDATE OF noegle, gyldig_fra, gyldig_til ON systemparameter_versioner
WHEN EXISTS (
    SELECT 1 FROM systemparameter_versioner o
    WHERE o.noegle = NEW.noegle
      AND o.id <> NEW.id
      AND (o.gyldig_til IS NULL OR o.gyldig_til >= NEW.gyldig_fra)
      AND (NEW.gyldig_til IS NULL OR NEW.gyldig_til >= o.gyldig_fra)
)
BEGIN
    SELECT RAISE(ABORT, 'systemparameter_versioner: versioner af samme parameter må ikke overlappe i tid');
END;

-- When each user last opened a task, and the newest history line they saw
-- then: "Nye hændelser" are the lines after it.
CREATE TABLE opgave_aabnet (
    opgave_id   INTEGER NOT NULL REFERENCES opgaver(id) ON DELETE CASCADE,
    bruger_id   INTEGER NOT NULL REFERENCES brugere(id) ON DELETE CASCADE,
    tidspunkt   TEXT NOT NULL,              -- RFC 3339
    historik_id INTEGER NOT NULL DEFAULT 0, -- the newest opgave_historik.id then
    PRIMARY KEY (opgave_id, bruger_id)
) WITHOUT ROWID;
