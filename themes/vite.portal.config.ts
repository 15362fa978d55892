import { defineConfig } from "vite";

// The self-service page: a page of its own (React and PatternFly bundled, unlike the console tab, which shares the
// console's), served from the jar by the extension's realm resource at /realms/{realm}/org-client-credentials/portal/.
export default defineConfig({
  root: "src/portal",
  base: "./",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../../target/classes/META-INF/org-client-credentials/portal",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      output: {
        entryFileNames: "assets/portal-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
