-- Abuse limits (issue 11, item 6).
--
-- The audit log also records failed logins, also for usernames that name
-- no user: `bruger_id` may be empty, `brugernavn` is then the username
-- typed (never a password). SQLite cannot drop NOT NULL: the table is
-- rebuilt, its rows kept with their ids.
CREATE TABLE audit_log_ny (
    id         INTEGER PRIMARY KEY,
    tidspunkt  TEXT NOT NULL, -- RFC 3339
    bruger_id  INTEGER REFERENCES brugere(id),
    brugernavn TEXT CHECK (brugernavn IS NULL OR length(brugernavn) <= 200),
    handling   INTEGER NOT NULL, -- domain::wire::audit::AuditAction::code
    borger_id  INTEGER REFERENCES borgere(id),
    opgave_id  INTEGER REFERENCES opgaver(id),
    detaljer   TEXT NOT NULL DEFAULT '',
    CHECK (bruger_id IS NOT NULL OR brugernavn IS NOT NULL)
);
INSERT INTO audit_log_ny (id, tidspunkt, bruger_id, handling, borger_id, opgave_id, detaljer)
SELECT id, tidspunkt, bruger_id, handling, borger_id, opgave_id, detaljer FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_ny RENAME TO audit_log;

-- The audit log is append-only: the database itself refuses to change or
-- delete an entry.
CREATE TRIGGER audit_log_kun_tilfoejelse_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log er kun til tilføjelse: poster kan ikke ændres');
END;
CREATE TRIGGER audit_log_kun_tilfoejelse_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log er kun til tilføjelse: poster kan ikke slettes');
END;

-- Sessions end after a time without use (the idle timeout) beside their
-- absolute expiry: the last use, in unix seconds (sessions from before this
-- migration count as unused, so they end).
ALTER TABLE sessioner ADD COLUMN sidst_brugt INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessioner_bruger ON sessioner(bruger_id);
