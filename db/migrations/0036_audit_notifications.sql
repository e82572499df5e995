ALTER TABLE "notifications" ALTER COLUMN "threshold" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "due_on" DROP NOT NULL;