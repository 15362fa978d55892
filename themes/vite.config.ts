import { defineConfig } from "vite";

// Builds the console into the theme's resources. React comes from Keycloak's import map (as for the stock
// console), so it stays external; everything else, including the stock console, is bundled once.
export default defineConfig({
  root: "src/admin-ui",
  base: "./",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../../target/classes/theme/org-client-credentials/admin/resources",
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: "src/admin-ui/main.tsx",
      external: ["react", "react/jsx-runtime", "react-dom"],
      output: {
        // One entry file: Keycloak's page template would write raw manifest keys for shared chunks.
        inlineDynamicImports: true,
        entryFileNames: "assets/main-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
