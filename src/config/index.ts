export * from './option-types.js';
export { formatHelp, type HelpText } from './help-text.js';
export { formatOptionTable } from './option-table.js';
export { parseConfig, wantsHelp, type ConfigSources } from './parse-config.js';
export { runCli } from './run-cli.js';
export { UsageError } from './usage-error.js';
export { choiceListOption, stringListOption } from './list-options.js';
export { splitSubcommand, type SubcommandCall } from './subcommand.js';
