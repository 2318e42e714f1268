CREATE TABLE "consumer_scans" (
	"application_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"scanned_at" timestamp (3) with time zone NOT NULL,
	"organizations" jsonb NOT NULL,
	"consumers" jsonb NOT NULL,
	"unreadable" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credential_snapshots" (
	"application_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"owned" boolean NOT NULL,
	"credentials" jsonb NOT NULL,
	"latest_expiry" timestamp (3) with time zone,
	"taken_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"smtp_host" text,
	"smtp_port" integer,
	"smtp_tls_mode" text,
	"smtp_user" text,
	"mail_from" text,
	"webhook_url" text,
	"webhook_format" text,
	"secret_sealed" text,
	"allow_private_targets" boolean DEFAULT false NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_success_at" timestamp (3) with time zone,
	"last_failure_at" timestamp (3) with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_events" (
	"tenant_id" text NOT NULL,
	"type" text NOT NULL,
	"source_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_events_type_source_id_pk" PRIMARY KEY("type","source_id")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"recipient" text NOT NULL,
	"event_type" text NOT NULL,
	"dedup_key" text NOT NULL,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp (3) with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_notification_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"admin_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reminder_days" jsonb DEFAULT '[14,3]'::jsonb NOT NULL,
	"due_run_summary" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp (3) with time zone,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "watched_organizations" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"organizations" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "consumer_scans" ADD CONSTRAINT "consumer_scans_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consumer_scans" ADD CONSTRAINT "consumer_scans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_snapshots" ADD CONSTRAINT "credential_snapshots_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_snapshots" ADD CONSTRAINT "credential_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_notification_settings" ADD CONSTRAINT "tenant_notification_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_notification_settings" ADD CONSTRAINT "tenant_notification_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_organizations" ADD CONSTRAINT "watched_organizations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_organizations" ADD CONSTRAINT "watched_organizations_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consumer_scans_tenant" ON "consumer_scans" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "credential_snapshots_tenant_expiry" ON "credential_snapshots" USING btree ("tenant_id","latest_expiry");--> statement-breakpoint
CREATE INDEX "notification_channels_tenant" ON "notification_channels" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_channels_one_email" ON "notification_channels" USING btree ("tenant_id") WHERE kind = 'email';--> statement-breakpoint
CREATE INDEX "notification_events_tenant" ON "notification_events" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_dedup" ON "notification_outbox" USING btree ("channel_id","recipient","dedup_key");--> statement-breakpoint
CREATE INDEX "notification_outbox_due" ON "notification_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_tenant_created" ON "notification_outbox" USING btree ("tenant_id","created_at");