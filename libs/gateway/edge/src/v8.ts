/**
 * Imported first by every BFF's `main.ts`, before anything else loads: V8's settings for a BFF
 * process ({@link tuneV8}), some of which must hold while the app's modules load.
 */
import { tuneV8 } from './lib/v8-tuning';

tuneV8();
