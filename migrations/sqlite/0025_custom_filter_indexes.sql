-- 0025: filters on custom customer attributes that stay fast at a million customers.
--
-- "Contains" text (Text Field, Text Area, Multiple Line values): a trigram index over the
-- values, as customer_grid_trigram does for names and emails (0003). A phrase of
-- trigrams matches exactly the values holding the text, ignoring case, read from the
-- index alone: scanning a million values with LIKE took 315 ms. Contentless (the values
-- stay in their tables); the triggers pass the old value to remove it. Each value's rowid
-- is entity_id * 2^24 + attribute_id, unique because attribute ids are unique across
-- the value tables, and read back with `rowid >> 24` and `rowid & 16777215`. An
-- attribute id past 2^24 (never reached: SQLite numbers a new attribute after the
-- largest id, and a store keeps at most 200 of them) is left out and filtered by LIKE.
CREATE VIRTUAL TABLE customer_value_trigram USING fts5(
    value, content = '', tokenize = 'trigram'
);
CREATE TRIGGER customer_value_trigram_varchar_insert AFTER INSERT ON customer_entity_varchar
WHEN new.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
CREATE TRIGGER customer_value_trigram_varchar_delete AFTER DELETE ON customer_entity_varchar
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (customer_value_trigram, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
END;
CREATE TRIGGER customer_value_trigram_varchar_update AFTER UPDATE ON customer_entity_varchar
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (customer_value_trigram, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
    INSERT INTO customer_value_trigram (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
CREATE TRIGGER customer_value_trigram_text_insert AFTER INSERT ON customer_entity_text
WHEN new.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
CREATE TRIGGER customer_value_trigram_text_delete AFTER DELETE ON customer_entity_text
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (customer_value_trigram, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
END;
CREATE TRIGGER customer_value_trigram_text_update AFTER UPDATE ON customer_entity_text
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (customer_value_trigram, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
    INSERT INTO customer_value_trigram (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
INSERT INTO customer_value_trigram (rowid, value)
    SELECT (entity_id << 24) | attribute_id, value FROM customer_entity_varchar
    WHERE attribute_id < 16777216;
INSERT INTO customer_value_trigram (rowid, value)
    SELECT (entity_id << 24) | attribute_id, value FROM customer_entity_text
    WHERE attribute_id < 16777216;

-- How many customers chose each option of a Dropdown or Multiple Select: the grid's
-- "N records found" for a filter on one option, which counting the option's index took
-- 22 ms for a quarter of a million customers. Kept by triggers as choices are added and
-- removed (a customer's or an option's deletion removes its choices, and so counts).
-- One shard: SQLite writes one transaction at a time. PostgreSQL has sixteen.
CREATE TABLE customer_option_count (
    option_id INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (option_id, shard)
) WITHOUT ROWID;
INSERT INTO customer_option_count (option_id, shard, n)
    SELECT option_id, 0, COUNT(*) FROM customer_entity_option GROUP BY option_id;
CREATE TRIGGER customer_option_count_insert AFTER INSERT ON customer_entity_option BEGIN
    INSERT INTO customer_option_count (option_id, shard, n) VALUES (new.option_id, 0, 1)
        ON CONFLICT (option_id, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customer_option_count_delete AFTER DELETE ON customer_entity_option BEGIN
    UPDATE customer_option_count SET n = n - 1 WHERE option_id = old.option_id AND shard = 0;
END;
CREATE TRIGGER customer_option_count_update AFTER UPDATE OF option_id ON customer_entity_option BEGIN
    UPDATE customer_option_count SET n = n - 1 WHERE option_id = old.option_id AND shard = 0;
    INSERT INTO customer_option_count (option_id, shard, n) VALUES (new.option_id, 0, 1)
        ON CONFLICT (option_id, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customer_option_count_forget AFTER DELETE ON eav_attribute_option BEGIN
    DELETE FROM customer_option_count WHERE option_id = old.option_id;
END;
