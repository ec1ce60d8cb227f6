-- Opret bevilling and Tilføj ydelse til bevilling (issue 12): a case's
-- pension type and the benefit lines of a grant; Behandl eFaktura: the case
-- an invoice went to and the decision on it.

-- Where the sagstype has one (Folkepension, Førtidspension): domain
-- catalog::PENSION_TYPES id.
ALTER TABLE sager ADD COLUMN pensionstype INTEGER;

-- A grant's benefit lines ("Tilføj ydelse til bevilling"): the benefit
-- (domain catalog::BENEFITS id), its amount and the period it is paid for.
CREATE TABLE bevillingslinjer (
    id          INTEGER PRIMARY KEY,
    sag_id      INTEGER NOT NULL REFERENCES sager(id),
    opgave_id   INTEGER REFERENCES opgaver(id),
    ydelse      INTEGER NOT NULL,
    beloeb_oere INTEGER NOT NULL CHECK (beloeb_oere > 0),
    fra         TEXT NOT NULL, -- YYYY-MM-DD
    til         TEXT,          -- YYYY-MM-DD; none: no end
    oprettet_af INTEGER NOT NULL REFERENCES brugere(id),
    oprettet    TEXT NOT NULL, -- RFC 3339
    CHECK (til IS NULL OR til >= fra)
);
CREATE INDEX bevillingslinjer_sag ON bevillingslinjer(sag_id);

-- Behandl eFaktura: the case the invoice and its attachments were linked
-- to, and the decision (1 godkendt, 2 afvist, with the reason).
ALTER TABLE fakturaer ADD COLUMN sag_id INTEGER REFERENCES sager(id);
ALTER TABLE fakturaer ADD COLUMN afgoerelse INTEGER CHECK (afgoerelse IN (1, 2));
ALTER TABLE fakturaer ADD COLUMN afvisningsaarsag TEXT;
