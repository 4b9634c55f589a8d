/**
 * @module ui
 * Entry point of the web UI bundled by scripts/build-ui.mjs and served by the analyzer at `/`.
 * Browser code: imports only src/wire and npm packages (test/arch/layers.test.ts).
 */
import { render } from 'preact'
import { App } from './view/app.js'
import './styles.css'

render(<App />, document.getElementById('app')!)
