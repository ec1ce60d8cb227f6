-- Versions of one task package never overlap in time (DOMAIN.md). The
-- server checks this in the transaction that writes a version; these
-- triggers make the database refuse an overlapping version too. Dates are
-- `YYYY-MM-DD`, so text comparison is date comparison.

CREATE TRIGGER opgavepakke_versioner_ingen_overlap_ved_indsaettelse
BEFORE INSERT ON opgavepakke_versioner
WHEN EXISTS (
    SELECT 1 FROM opgavepakke_versioner o
    WHERE o.pakke_id = NEW.pakke_id
      AND (o.gyldig_til IS NULL OR o.gyldig_til >= NEW.gyldig_fra)
      AND (NEW.gyldig_til IS NULL OR NEW.gyldig_til >= o.gyldig_fra)
)
BEGIN
    SELECT RAISE(ABORT, 'opgavepakke_versioner: versioner af samme opgavepakke må ikke overlappe i tid');
END;

CREATE TRIGGER opgavepakke_versioner_ingen_overlap_ved_rettelse
BEFORE UPDATE OF pakke_id, gyldig_fra, gyldig_til ON opgavepakke_versioner
WHEN EXISTS (
    SELECT 1 FROM opgavepakke_versioner o
    WHERE o.pakke_id = NEW.pakke_id
      AND o.id <> NEW.id
      AND (o.gyldig_til IS NULL OR o.gyldig_til >= NEW.gyldig_fra)
      AND (NEW.gyldig_til IS NULL OR NEW.gyldig_til >= o.gyldig_fra)
)
BEGIN
    SELECT RAISE(ABORT, 'opgavepakke_versioner: versioner af samme opgavepakke må ikke overlappe i tid');
END;

-- "All versions of one package, newest first" and "the newest version".
CREATE INDEX opgavepakke_versioner_pakke_fra ON opgavepakke_versioner(pakke_id, gyldig_fra);
