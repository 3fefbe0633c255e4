-- Hand-edited after drizzle-kit generate: drawn_at_version is NOT NULL, so it is added nullable,
-- backfilled with each row's own assessment_version (every file stored so far was drawn for the
-- version it names), then made NOT NULL. assessment_version itself is left as stored: it is the
-- version each file was drawn from, and a file drawn before a later re-assessment is exactly the
-- stale one this migration stops showing as current (the outbox sweep then draws the current one).
-- printed_facts_sha256 stays NULL for these rows: what they printed is not known any more.
ALTER TABLE "document_outputs" ADD COLUMN "drawn_at_version" integer;--> statement-breakpoint
UPDATE "document_outputs" SET "drawn_at_version" = "assessment_version";--> statement-breakpoint
ALTER TABLE "document_outputs" ALTER COLUMN "drawn_at_version" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "document_outputs" ADD COLUMN "printed_facts_sha256" text;--> statement-breakpoint
CREATE UNIQUE INDEX "document_outputs_document_kind_version" ON "document_outputs" USING btree ("document_id","kind","assessment_version");--> statement-breakpoint
DROP INDEX "document_outputs_document_kind";
