CREATE TABLE "unmanaged_snapshots" (
	"tenant_id" text NOT NULL,
	"app_id" text NOT NULL,
	"display_name" text NOT NULL,
	"credentials" jsonb NOT NULL,
	"latest_expiry" timestamp (3) with time zone,
	"taken_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "unmanaged_snapshots_tenant_id_app_id_pk" PRIMARY KEY("tenant_id","app_id")
);
--> statement-breakpoint
ALTER TABLE "unmanaged_snapshots" ADD CONSTRAINT "unmanaged_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;