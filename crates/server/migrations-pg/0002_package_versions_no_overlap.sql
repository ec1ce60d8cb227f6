-- Versions of one task package never overlap in time (DOMAIN.md). The
-- server checks this in the transaction that writes a version; this
-- exclusion constraint makes the database refuse an overlapping version too
-- (SQLite: triggers). Both ends are inclusive days; no end is open.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE opgavepakke_versioner ADD CONSTRAINT opgavepakke_versioner_ingen_overlap
    EXCLUDE USING gist (pakke_id WITH =, daterange(dag(gyldig_fra), dag(gyldig_til), '[]') WITH &&);

-- "All versions of one package, newest first" and "the newest version".
CREATE INDEX opgavepakke_versioner_pakke_fra ON opgavepakke_versioner(pakke_id, gyldig_fra);
