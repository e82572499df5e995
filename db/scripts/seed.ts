// npm run db:seed — seeds the demo organisation into an empty database (the server also does this at start).
import { openOrRefuse } from "../../app/cli/tool.server";
import { demoSignInsText, seedDemo } from "../seed/demo.server";

// On embedded PGlite, refused with one line while the app (or another tool) has the data folder open.
const database = openOrRefuse("npm run db:seed needs the data folder to itself; the app seeds an empty database at start");
try {
  await database.migrate();
  const seeded = await seedDemo(database.db);
  console.log(seeded ? demoSignInsText() : "The database already holds data: nothing seeded.");
} finally {
  await database.close();
}
