-- Each logged change notifies channel `opk_aendringer` (store/changes.rs
-- CHANNEL) with its id; PostgreSQL delivers it when the write commits.
-- The database does it, so no writer can forget to.
CREATE FUNCTION snapshot_aendring_besked() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('opk_aendringer', NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER snapshot_aendring_besked AFTER INSERT ON snapshot_aendringer
    FOR EACH ROW EXECUTE FUNCTION snapshot_aendring_besked();
