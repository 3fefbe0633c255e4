ALTER TABLE "clients" ADD COLUMN "ends_at" date;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "retain_until" date;