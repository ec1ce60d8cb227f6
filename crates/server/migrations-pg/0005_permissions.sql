-- Rights ("Rettigheder") a role gives: domain::model::Permission codes.
CREATE TABLE rolle_rettigheder (
    rolle_id  BIGINT NOT NULL REFERENCES roller(id) ON DELETE CASCADE,
    rettighed BIGINT NOT NULL CHECK (rettighed BETWEEN 1 AND 255),
    PRIMARY KEY (rolle_id, rettighed)
);

-- Before rights existed every user could do everything: the roles already
-- there keep that, until an admin narrows them.
INSERT INTO rolle_rettigheder (rolle_id, rettighed)
SELECT r.id, p.code FROM roller r, (SELECT 1 AS code UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                                    UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) p;

-- Who started a task by hand (the Borgeroverblik's "Handlinger", manual
-- Modtag post): they may finish it without a package that includes it.
ALTER TABLE opgaver ADD COLUMN startet_af BIGINT REFERENCES brugere(id);
