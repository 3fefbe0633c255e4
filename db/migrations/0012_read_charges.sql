-- Hand-edited after drizzle-kit generate: the running figure starts from what is stored. Every
-- document charged in the last two days (the budget looks back 24 hours) is added to the hour of
-- its reading, or of its reservation while it is being read, as src/db/read-budget-store.ts charges
-- it, with BOETE_MAX_PAGES's default (20) as the most one document is charged.
CREATE TABLE "read_charges" (
	"client_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"pages" integer NOT NULL,
	"ocr_pages" integer NOT NULL,
	CONSTRAINT "read_charges_client_id_hour_pk" PRIMARY KEY("client_id","hour")
);
--> statement-breakpoint
ALTER TABLE "read_charges" ADD CONSTRAINT "read_charges_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_client_read_started" ON "documents" USING btree ("client_id","read_started_at");--> statement-breakpoint
CREATE INDEX "extracted_fields_read_at" ON "extracted_fields" USING btree ("read_at");--> statement-breakpoint
INSERT INTO "read_charges" ("client_id", "hour", "pages", "ocr_pages")
SELECT d.client_id, to_timestamp(floor(extract(epoch FROM c.at) / 3600) * 3600), sum(c.pages), sum(c.ocr_pages)
FROM "documents" d
LEFT JOIN "extracted_fields" ef ON ef.document_id = d.id
CROSS JOIN LATERAL (SELECT
  coalesce(ef.read_at, d.read_started_at) AS at,
  CASE WHEN ef.document_id IS NULL AND d.status = 'received' THEN least(greatest(coalesce(d.page_estimate, 1), 1), 20)
       WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN 20
       ELSE coalesce(ef.page_count, 0) END AS pages,
  CASE WHEN ef.document_id IS NULL AND d.status = 'received' THEN least(greatest(coalesce(d.page_estimate, 1), 1), 20)
       WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN 20
       WHEN ef.method = 'ocr' OR ef.unreadable_cause = 'no_text' THEN coalesce(ef.page_count, 0)
       ELSE 0 END AS ocr_pages) c
WHERE c.at >= now() - interval '2 days'
GROUP BY 1, 2;