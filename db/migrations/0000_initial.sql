CREATE TABLE "assessments" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"decision" text NOT NULL,
	"review_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"contract_id" uuid,
	"policy_source" text,
	"deadline_basis" text,
	"deadline_basis_date" date,
	"latest_delivery_date" date,
	"delivery" text,
	"waiting_for_client" boolean NOT NULL,
	"information_complete_at" timestamp with time zone,
	"processed_at" timestamp with time zone,
	"recharge_amount_cents" integer,
	"admin_fee_cents" integer,
	"duplicate_of" uuid,
	"liability_party" text NOT NULL,
	"liability_reason" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"allowed_senders" text[] DEFAULT '{}'::text[] NOT NULL,
	"notify_email" text,
	"admin_fee_cents" integer,
	"default_fine_policy" text,
	"default_fine_policy_updated_at" timestamp with time zone,
	"liability_cap_cents" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"contract_ref" text NOT NULL,
	"plate" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"fine_policy" text,
	"renter_type" text,
	"renter_name" text,
	"renter_address" text,
	"renter_birth_date" date,
	"renter_company_number" text,
	"renter_email" text,
	"admin_fee_cents" integer,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"mail_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"content_type" text NOT NULL,
	"filename" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"first_mail_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"sender_allowed" boolean NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extracted_fields" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"read_status" text NOT NULL,
	"unreadable_cause" text,
	"detail" text,
	"method" text,
	"page_count" integer,
	"kind" text,
	"plate" text,
	"offence_at" timestamp with time zone,
	"due_date" date,
	"redirect_deadline" date,
	"amount_cents" integer,
	"reference" text,
	"reference_key" text,
	"required_confident" boolean DEFAULT false NOT NULL,
	"fields" jsonb,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"secure" boolean NOT NULL,
	"username" text NOT NULL,
	"password" text,
	"password_env" text,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"processed_folder" text,
	"client_id" uuid,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailboxes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "received_mails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"uid_validity" bigint NOT NULL,
	"uid" bigint NOT NULL,
	"message_id" text,
	"internal_date" timestamp with time zone NOT NULL,
	"from_address" text,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text,
	"size_bytes" integer NOT NULL,
	"client_id" uuid,
	"sender_allowed" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"detail" text,
	"raw" "bytea",
	"server_action" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_duplicate_of_documents_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_receipts" ADD CONSTRAINT "document_receipts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_receipts" ADD CONSTRAINT "document_receipts_mail_id_received_mails_id_fk" FOREIGN KEY ("mail_id") REFERENCES "public"."received_mails"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_first_mail_id_received_mails_id_fk" FOREIGN KEY ("first_mail_id") REFERENCES "public"."received_mails"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extracted_fields" ADD CONSTRAINT "extracted_fields_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "received_mails" ADD CONSTRAINT "received_mails_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "received_mails" ADD CONSTRAINT "received_mails_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_decision" ON "assessments" USING btree ("decision");--> statement-breakpoint
CREATE INDEX "assessments_duplicate_of" ON "assessments" USING btree ("duplicate_of");--> statement-breakpoint
CREATE INDEX "audit_events_entity" ON "audit_events" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_client_ref" ON "contracts" USING btree ("client_id","contract_ref");--> statement-breakpoint
CREATE INDEX "contracts_client_plate" ON "contracts" USING btree ("client_id","plate");--> statement-breakpoint
CREATE UNIQUE INDEX "document_receipts_mail_document" ON "document_receipts" USING btree ("mail_id","document_id","filename");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_client_sha256" ON "documents" USING btree ("client_id","sha256");--> statement-breakpoint
CREATE INDEX "documents_status" ON "documents" USING btree ("status");--> statement-breakpoint
CREATE INDEX "extracted_fields_reference" ON "extracted_fields" USING btree ("reference_key");--> statement-breakpoint
CREATE UNIQUE INDEX "received_mails_mailbox_uid" ON "received_mails" USING btree ("mailbox_id","uid_validity","uid");--> statement-breakpoint
CREATE INDEX "received_mails_server_action" ON "received_mails" USING btree ("mailbox_id","server_action");