import { Help, type Command, type Option } from 'commander';

const plainHelp = new Help();

/**
 * Commander lists a requiredOption like any other; a user reading `--help` should
 * see which ones the command cannot run without. Subcommands inherit this setting.
 */
export function markRequiredOptions(program: Command): void {
  program.configureHelp({
    optionDescription(option: Option): string {
      const text = plainHelp.optionDescription(option);
      return option.mandatory ? `(required) ${text}` : text;
    },
  });
}
