CREATE TABLE "document_outputs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"variant" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"assessment_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "dispute_window_hours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "payment_iban" text;--> statement-breakpoint
ALTER TABLE "document_resolutions" ADD COLUMN "recharge_disputed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_resolutions" ADD COLUMN "recharge_dispute_note" text;--> statement-breakpoint
ALTER TABLE "document_outputs" ADD CONSTRAINT "document_outputs_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_outputs" ADD CONSTRAINT "document_outputs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_outputs_document_kind" ON "document_outputs" USING btree ("document_id","kind");--> statement-breakpoint
CREATE INDEX "document_outputs_client_created" ON "document_outputs" USING btree ("client_id","created_at");