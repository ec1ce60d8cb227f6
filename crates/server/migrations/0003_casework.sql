-- Casework: taking and finishing tasks (wizards), deductions, stopped
-- cases, decision records, uploaded document contents and the audit log.

-- "Stop sag": when and why a case was stopped.
ALTER TABLE sager ADD COLUMN stopdato TEXT;
ALTER TABLE sager ADD COLUMN stopaarsag TEXT;

-- "Opret træk": a deduction from a case's payments.
CREATE TABLE traek (
    id          INTEGER PRIMARY KEY,
    sag_id      INTEGER NOT NULL REFERENCES sager(id),
    opgave_id   INTEGER REFERENCES opgaver(id),
    beloeb_oere INTEGER NOT NULL CHECK (beloeb_oere > 0),
    startdato   TEXT NOT NULL,
    frekvens    INTEGER NOT NULL CHECK (frekvens BETWEEN 1 AND 3), -- domain::casework::Frekvens::code
    oprettet_af INTEGER NOT NULL REFERENCES brugere(id),
    oprettet    TEXT NOT NULL -- RFC 3339
);
CREATE INDEX traek_sag ON traek(sag_id);

-- The decisions of a finished wizard, one per task.
CREATE TABLE opgave_beslutninger (
    opgave_id               INTEGER PRIMARY KEY REFERENCES opgaver(id) ON DELETE CASCADE,
    bruger_id               INTEGER NOT NULL REFERENCES brugere(id),
    tidspunkt               TEXT NOT NULL, -- RFC 3339
    anmodning               TEXT NOT NULL, -- JSON of domain::casework::CompleteRequest
    valg                    TEXT NOT NULL, -- JSON array of Danish sentences
    fuldmagt_verificeret_af INTEGER REFERENCES brugere(id)
);

-- Contents of documents received by manual Modtag post.
CREATE TABLE dokument_indhold (
    dokument_id INTEGER PRIMARY KEY REFERENCES dokumenter(id) ON DELETE CASCADE,
    indhold     BLOB NOT NULL
);

-- Who opened which borger's overview, who finished which wizard: by
-- borger id, never the CPR number.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    tidspunkt TEXT NOT NULL, -- RFC 3339
    bruger_id INTEGER NOT NULL REFERENCES brugere(id),
    handling  INTEGER NOT NULL, -- domain::casework::AuditAction::code
    borger_id INTEGER REFERENCES borgere(id),
    opgave_id INTEGER REFERENCES opgaver(id),
    detaljer  TEXT NOT NULL DEFAULT ''
);

-- "Næste opgave" and the check of who has a task.
CREATE INDEX opgaver_taget_af ON opgaver(taget_af);
