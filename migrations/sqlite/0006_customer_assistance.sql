-- Storefront accounts (issue 4): the "Allow remote shopping assistance" consent given at
-- registration (Login as Customer reads it).
ALTER TABLE customer_entity ADD COLUMN assistance_allowed INTEGER NOT NULL DEFAULT 0;
