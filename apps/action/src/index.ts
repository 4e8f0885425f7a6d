import { runAction } from './run-action.js'
runAction()
