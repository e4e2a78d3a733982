-- 0029: a system attribute (§2.2: First Name, Email, City, …) keeps its code, input and
-- rules, but an admin may give it another Default Label, a label per store view and a
-- sort order (§11.1 "restricted editing"). Nothing here means the built-in label in the
-- viewer's language and the built-in sort order.
CREATE TABLE system_attribute (
    -- 'customer' or 'customer_address'.
    entity_type TEXT NOT NULL CHECK (entity_type IN ('customer', 'customer_address')),
    attribute_code TEXT NOT NULL,
    -- NULL: the built-in label, in each viewer's language.
    frontend_label TEXT,
    sort_order BIGINT NOT NULL,
    PRIMARY KEY (entity_type, attribute_code)
);

CREATE TABLE system_attribute_label (
    entity_type TEXT NOT NULL,
    attribute_code TEXT NOT NULL,
    store_id BIGINT NOT NULL REFERENCES store_views(store_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_type, attribute_code, store_id),
    FOREIGN KEY (entity_type, attribute_code)
        REFERENCES system_attribute(entity_type, attribute_code) ON DELETE CASCADE
);
