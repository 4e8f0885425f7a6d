import { mountPlayground } from './playground.js'

mountPlayground(document, window)
