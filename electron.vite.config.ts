import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { APP_NAME } from './src/shared/product'

/** As tsconfig.json's paths: `@/` is the renderer's src, `@shared/` the code both processes share. */
export const rendererAliases = {
  '@/': `${resolve('src/renderer/src')}/`,
  '@shared/': `${resolve('src/shared')}/`
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/index.ts') } }
    }
  },
  preload: {
    // Sandboxed preloads can require only `electron`: the preload imports nothing else from
    // node_modules, so it builds to one self-contained CommonJS file.
    // CommonJS pinned, not left to package.json's "type": Electron cannot run an ES-module preload
    // in a sandboxed window (test/platform/build-output.test.ts checks the result).
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    resolve: { alias: rendererAliases },
    build: {
      minify: true,
      rollupOptions: {
        input: {
          index: resolve('src/renderer/index.html'),
          'mail-log': resolve('src/renderer/mail-log.html'),
          // Served only by the browser preview (npm run start:browser), never loaded in Electron.
          'preview-shim': resolve('src/renderer/src/preview/shim.ts')
        },
        output: {
          entryFileNames: (chunk) => (chunk.name === 'preview-shim' ? 'preview/shim.js' : 'assets/[name]-[hash].js')
        }
      }
    },
    plugins: [
      react(),
      // The HTML titles say the product's name from shared/product.ts, as every screen's title does.
      { name: 'app-name', transformIndexHtml: (html: string) => html.replaceAll('%APP_NAME%', APP_NAME) }
    ]
  }
})
