-- Abuse limits (issue 11, item 6): the PostgreSQL form of
-- migrations/0006_abuse_limits.sql.
--
-- Failed logins are audited also for usernames that name no user.
ALTER TABLE audit_log ALTER COLUMN bruger_id DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN brugernavn TEXT CHECK (brugernavn IS NULL OR length(brugernavn) <= 200);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_hvem CHECK (bruger_id IS NOT NULL OR brugernavn IS NOT NULL);

-- The audit log is append-only: UPDATE, DELETE and TRUNCATE are refused.
CREATE FUNCTION audit_log_kun_tilfoejelse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log er kun til tilføjelse: poster kan ikke ændres eller slettes'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_kun_tilfoejelse BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_kun_tilfoejelse();
CREATE TRIGGER audit_log_kun_tilfoejelse_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_kun_tilfoejelse();

-- Idle timeout: a session's last use, in unix seconds.
ALTER TABLE sessioner ADD COLUMN sidst_brugt BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sessioner_bruger ON sessioner(bruger_id);
