// npm run db:seed — seeds the demo organisation into an empty database (the server also does this at start).
import { databaseOptions, getConfig } from "../../app/config/config.server";
import { openDatabase } from "../connection.server";
import { demoSignInsText, seedDemo } from "../seed/demo.server";

const config = getConfig();
const database = openDatabase(databaseOptions(config, 1));
try {
  await database.migrate();
  const seeded = await seedDemo(database.db);
  console.log(seeded ? demoSignInsText() : "The database already holds data: nothing seeded.");
} finally {
  await database.close();
}
