-- Now Online at 100,000 concurrent visitors: indexes that answer every grid query
-- without sorting, the counts from the index alone.
DROP INDEX IF EXISTS customer_visitor_last_visit;
CREATE INDEX customer_visitor_last_visit ON customer_visitor (last_visit_at, visitor_id)
    INCLUDE (customer_id, website_id);
DROP INDEX IF EXISTS customer_visitor_customer;
CREATE INDEX customer_visitor_customer ON customer_visitor (customer_id NULLS FIRST, visitor_id)
    INCLUDE (last_visit_at, website_id);
