export { AssociationDriver } from './driver.js';
