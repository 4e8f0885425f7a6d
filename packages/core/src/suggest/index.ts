export { closestWords, editDistance, suggestionLimit } from './distance.js'
