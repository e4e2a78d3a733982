-- 0026: keyword search reads the words of custom attributes' values (those "Use in
-- Search Options") from a word index, as it reads the grid's (0022): a word, or the
-- start of the last one, is one index lookup. Matching a surname's trigrams in every
-- value took 130 ms at the median and 670 ms at p95 at a million customers.
-- `clientele_words` is the grid's word rule (lower case, accents removed, punctuation
-- splitting words); queries call it by name so they use these indexes.
CREATE FUNCTION clientele_words(text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT to_tsvector('simple', regexp_replace(lower(clientele_unaccent($1)),
        '[.@_+()/,''’&#:;!?"<>{}|\\*%$=~^`[\]-]', ' ', 'g'))
$$;
CREATE INDEX customer_entity_varchar_words ON customer_entity_varchar
    USING gin (clientele_words(value));
CREATE INDEX customer_entity_text_words ON customer_entity_text
    USING gin (clientele_words(value));
ANALYZE customer_entity_varchar;
ANALYZE customer_entity_text;
