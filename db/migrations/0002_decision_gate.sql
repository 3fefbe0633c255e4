ALTER TABLE "assessments" ADD COLUMN "untrusted_inputs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "extracted_fields" ADD COLUMN "document_date" date;