CREATE TABLE "permits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"type" text NOT NULL,
	"authority" text NOT NULL,
	"reference" text NOT NULL,
	"issued_on" date,
	"expires_on" date,
	"status" text NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "permits_type_check" CHECK ("permits"."type" in ('icpe','building','occupancy','grid_connection','water_withdrawal','generator_fuel','noise')),
	CONSTRAINT "permits_status_check" CHECK ("permits"."status" in ('applied','granted','suspended','expired','withdrawn')),
	CONSTRAINT "permits_dates_check" CHECK ("permits"."issued_on" is null or "permits"."expires_on" is null or "permits"."expires_on" >= "permits"."issued_on")
);
--> statement-breakpoint
ALTER TABLE "permits" ADD CONSTRAINT "permits_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permits" ADD CONSTRAINT "permits_site_id_assets_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "permits_org_site_idx" ON "permits" USING btree ("organization_id","site_id");--> statement-breakpoint
CREATE INDEX "permits_org_expiry_idx" ON "permits" USING btree ("organization_id","expires_on");