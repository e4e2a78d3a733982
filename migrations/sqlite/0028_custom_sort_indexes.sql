-- 0028: the customers grid sorts on a custom attribute's column through an index at a
-- million customers, as on its own columns (0011). A Text Field, Date, Yes/No or file
-- value keeps a sort key beside it, folded as the grid's text columns are (lower case
-- without accents: `sort_key::fold_sql`); a Text Area or Multiple Line value keeps the
-- key of its first 100 characters. The application writes the key with the value
-- (`attributes::repo::save_values`); this fills it for the values already kept. One
-- index per value table: the attribute, then the key (a Dropdown's option id: the
-- options' order of creation, as Magento's grid sorts them), then the customer.
--
-- The key is a column, not an index on the fold expression: that expression's hundred
-- nested calls would sit in the schema, which SQLite builds older than 3.45 (the sqlite3
-- shell of Debian 12, backup tools) cannot parse: they would refuse to open the file.

-- Only a change of the value itself re-indexes its words and trigrams (0025, 0026): the
-- backfill below, and every key written later, leave them alone.
DROP TRIGGER customer_value_trigram_varchar_update;
CREATE TRIGGER customer_value_trigram_varchar_update AFTER UPDATE OF value ON customer_entity_varchar
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (customer_value_trigram, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
    INSERT INTO customer_value_trigram (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
DROP TRIGGER customer_value_words_varchar_update;
CREATE TRIGGER customer_value_words_varchar_update AFTER UPDATE OF value ON customer_entity_varchar
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_words (customer_value_words, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
    INSERT INTO customer_value_words (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
DROP TRIGGER customer_value_trigram_text_update;
CREATE TRIGGER customer_value_trigram_text_update AFTER UPDATE OF value ON customer_entity_text
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_trigram (customer_value_trigram, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
    INSERT INTO customer_value_trigram (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;
DROP TRIGGER customer_value_words_text_update;
CREATE TRIGGER customer_value_words_text_update AFTER UPDATE OF value ON customer_entity_text
WHEN old.attribute_id < 16777216 BEGIN
    INSERT INTO customer_value_words (customer_value_words, rowid, value)
    VALUES ('delete', (old.entity_id << 24) | old.attribute_id, old.value);
    INSERT INTO customer_value_words (rowid, value)
    VALUES ((new.entity_id << 24) | new.attribute_id, new.value);
END;

ALTER TABLE customer_entity_varchar ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE customer_entity_varchar SET sort_key = COALESCE(CASE WHEN octet_length(value) = length(value) THEN lower(value) ELSE lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(value, 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ç', 'c'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Ñ', 'n'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ù', 'u'), 'Ú', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ý', 'y'), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ç', 'c'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'ñ', 'n'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'Ā', 'a'), 'ā', 'a'), 'Ă', 'a'), 'ă', 'a'), 'Ą', 'a'), 'ą', 'a'), 'Ć', 'c'), 'ć', 'c'), 'Č', 'c'), 'č', 'c'), 'Ď', 'd'), 'ď', 'd'), 'Ē', 'e'), 'ē', 'e'), 'Ė', 'e'), 'ė', 'e'), 'Ę', 'e'), 'ę', 'e'), 'Ě', 'e'), 'ě', 'e'), 'Ğ', 'g'), 'ğ', 'g'), 'Ī', 'i'), 'ī', 'i'), 'İ', 'i'), 'Ń', 'n'), 'ń', 'n'), 'Ň', 'n'), 'ň', 'n'), 'Ō', 'o'), 'ō', 'o'), 'Ő', 'o'), 'ő', 'o'), 'Ř', 'r'), 'ř', 'r'), 'Ś', 's'), 'ś', 's'), 'Ş', 's'), 'ş', 's'), 'Š', 's'), 'š', 's'), 'Ť', 't'), 'ť', 't'), 'Ū', 'u'), 'ū', 'u'), 'Ů', 'u'), 'ů', 'u'), 'Ű', 'u'), 'ű', 'u'), 'Ź', 'z'), 'ź', 'z'), 'Ż', 'z'), 'ż', 'z'), 'Ž', 'z'), 'ž', 'z'), 'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Œ', 'oe'), 'œ', 'oe'), 'Đ', 'd'), 'đ', 'd'), 'Ł', 'l'), 'ł', 'l'), 'Þ', 'th'), 'þ', 'th'), 'Ð', 'd'), 'ð', 'd')) END, '');
CREATE INDEX customer_entity_varchar_sort ON customer_entity_varchar(attribute_id, sort_key, entity_id);

ALTER TABLE customer_entity_text ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE customer_entity_text SET sort_key = COALESCE(CASE WHEN octet_length(substr(value, 1, 100)) = length(substr(value, 1, 100)) THEN lower(substr(value, 1, 100)) ELSE lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(substr(value, 1, 100), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ç', 'c'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Ñ', 'n'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ù', 'u'), 'Ú', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ý', 'y'), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ç', 'c'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'ñ', 'n'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'Ā', 'a'), 'ā', 'a'), 'Ă', 'a'), 'ă', 'a'), 'Ą', 'a'), 'ą', 'a'), 'Ć', 'c'), 'ć', 'c'), 'Č', 'c'), 'č', 'c'), 'Ď', 'd'), 'ď', 'd'), 'Ē', 'e'), 'ē', 'e'), 'Ė', 'e'), 'ė', 'e'), 'Ę', 'e'), 'ę', 'e'), 'Ě', 'e'), 'ě', 'e'), 'Ğ', 'g'), 'ğ', 'g'), 'Ī', 'i'), 'ī', 'i'), 'İ', 'i'), 'Ń', 'n'), 'ń', 'n'), 'Ň', 'n'), 'ň', 'n'), 'Ō', 'o'), 'ō', 'o'), 'Ő', 'o'), 'ő', 'o'), 'Ř', 'r'), 'ř', 'r'), 'Ś', 's'), 'ś', 's'), 'Ş', 's'), 'ş', 's'), 'Š', 's'), 'š', 's'), 'Ť', 't'), 'ť', 't'), 'Ū', 'u'), 'ū', 'u'), 'Ů', 'u'), 'ů', 'u'), 'Ű', 'u'), 'ű', 'u'), 'Ź', 'z'), 'ź', 'z'), 'Ż', 'z'), 'ż', 'z'), 'Ž', 'z'), 'ž', 'z'), 'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Œ', 'oe'), 'œ', 'oe'), 'Đ', 'd'), 'đ', 'd'), 'Ł', 'l'), 'ł', 'l'), 'Þ', 'th'), 'þ', 'th'), 'Ð', 'd'), 'ð', 'd')) END, '');
CREATE INDEX customer_entity_text_sort ON customer_entity_text(attribute_id, sort_key, entity_id);
-- Its first column serves what this one served.
DROP INDEX customer_entity_text_attribute;

CREATE INDEX customer_entity_option_sort ON customer_entity_option(attribute_id, option_id, entity_id);
DROP INDEX customer_entity_option_attribute;
