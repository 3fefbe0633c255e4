ALTER TABLE "documents" ADD COLUMN "page_estimate" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "read_started_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "documents_first_mail" ON "documents" USING btree ("first_mail_id");--> statement-breakpoint
CREATE INDEX "documents_client_updated" ON "documents" USING btree ("client_id","updated_at");