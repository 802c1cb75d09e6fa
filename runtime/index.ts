// Lambda entry point (handler `index.handler`), bundled into the deploy zip's single index.mjs.
import {createHandler} from './handler.js'

export const handler = createHandler()
