-- The change log: one row per write that changed what the task snapshot
-- holds (the ids of its tasks, cases and borgere, comma-separated), written
-- in the write's own transaction. Instances sharing one database (the
-- PostgreSQL deployment) follow it to patch their snapshots; its id is the
-- change number. Old rows are pruned by the writer.
CREATE TABLE snapshot_aendringer (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    opgaver TEXT NOT NULL DEFAULT '',
    sager   TEXT NOT NULL DEFAULT '',
    borgere TEXT NOT NULL DEFAULT ''
);
