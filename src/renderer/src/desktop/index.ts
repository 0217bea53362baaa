export { AboutCard } from './AboutCard';
export { desktop, logUncaughtErrors } from './bridge';
export { CoreRestartNotice } from './CoreRestartNotice';
export { UpdatesCard } from './UpdatesCard';
