import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the server at /console; `npm run dev -w @addon-kit/console` proxies the API to a running server.
export default defineConfig({
  base: "/console/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/trpc": "http://localhost:3000" } },
});
