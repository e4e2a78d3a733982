-- 0025: filters on custom customer attributes that stay fast at a million customers.
--
-- "Contains" text (Text Field, Text Area, Multiple Line values): pg_trgm indexes answer
-- `ILIKE '%text%'` for three characters or more, as for names and emails (0003);
-- scanning a million values took over 300 ms.
CREATE INDEX customer_entity_varchar_trigram ON customer_entity_varchar
    USING gin (value gin_trgm_ops);
CREATE INDEX customer_entity_text_trigram ON customer_entity_text
    USING gin (value gin_trgm_ops);

-- How many customers chose each option of a Dropdown or Multiple Select: the grid's
-- "N records found" for a filter on one option, which counting the option's index took
-- 27–35 ms for a quarter of a million customers. Kept by triggers as choices are added
-- and removed (a customer's or an option's deletion removes its choices, and so counts).
--
-- Sixteen shards (customer id mod 16), so concurrent saves seldom wait for the same
-- row. A statement first takes its shards' locks in ascending order, then changes their
-- rows: a save (one customer, so one shard) that swaps Gold for Silver and another that
-- swaps Silver for Gold wait for each other instead of locking the two rows crosswise.
CREATE TABLE customer_option_count (
    option_id BIGINT NOT NULL,
    shard INT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (option_id, shard)
);
INSERT INTO customer_option_count (option_id, shard, n)
    SELECT option_id, (entity_id % 16)::int, COUNT(*) FROM customer_entity_option GROUP BY 1, 2;

-- `sign`: +1 for choices added, -1 for choices removed.
CREATE FUNCTION customer_option_count_apply(changes customer_entity_option[], sign int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s int;
BEGIN
    FOR s IN SELECT DISTINCT (c.entity_id % 16)::int FROM unnest(changes) c ORDER BY 1 LOOP
        -- 250025: this migration's lock space; the shard is the second key.
        PERFORM pg_advisory_xact_lock(250025, s);
    END LOOP;
    IF sign > 0 THEN
        INSERT INTO customer_option_count AS k (option_id, shard, n)
            SELECT c.option_id, (c.entity_id % 16)::int, COUNT(*)
            FROM unnest(changes) c GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (option_id, shard) DO UPDATE SET n = k.n + excluded.n;
    ELSE
        -- Only rows that exist: a deleted option's count is not made again.
        UPDATE customer_option_count k SET n = k.n - r.n
            FROM (SELECT c.option_id, (c.entity_id % 16)::int AS shard, COUNT(*) AS n
                  FROM unnest(changes) c GROUP BY 1, 2) r
            WHERE k.option_id = r.option_id AND k.shard = r.shard;
    END IF;
END
$$;

CREATE FUNCTION customer_option_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM customer_option_count_apply(ARRAY(SELECT a::customer_entity_option FROM added a), 1);
    RETURN NULL;
END
$$;
CREATE FUNCTION customer_option_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM customer_option_count_apply(ARRAY(SELECT r::customer_entity_option FROM removed r), -1);
    RETURN NULL;
END
$$;
CREATE FUNCTION customer_option_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM customer_option_count_apply(ARRAY(SELECT r::customer_entity_option FROM removed r), -1);
    PERFORM customer_option_count_apply(ARRAY(SELECT a::customer_entity_option FROM added a), 1);
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_option_count_insert AFTER INSERT ON customer_entity_option
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION customer_option_count_added();
CREATE TRIGGER customer_option_count_delete AFTER DELETE ON customer_entity_option
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION customer_option_count_removed();
CREATE TRIGGER customer_option_count_update AFTER UPDATE ON customer_entity_option
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION customer_option_count_changed();

-- An option's counts go with it (its choices go by cascade, whose triggers may run
-- before or after this one; a count of a deleted option is never read).
CREATE FUNCTION customer_option_count_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_option_count WHERE option_id = old.option_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_option_count_forget AFTER DELETE ON eav_attribute_option
    FOR EACH ROW EXECUTE FUNCTION customer_option_count_forget();
