package dev.ferry.cli;

import dev.ferry.app.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;

/**
 * picocli's own parse errors in the run's language. In English they stay picocli's words; in another language the
 * common ones (a missing parameter, an unknown option or argument, an option given twice, a value of the wrong type)
 * come from the catalogue, naming the option or parameter as the help does. Others keep picocli's text.
 */
final class ParseErrors {
    private ParseErrors() {}

    static boolean english(Messages m) {
        return m.locale().getLanguage().equals(Messages.ENGLISH.getLanguage());
    }

    static String message(CommandLine.ParameterException ex, Messages m) {
        if (english(m)) return ex.getMessage();
        if (ex instanceof CommandLine.MissingParameterException mp && !mp.getMissing().isEmpty()) {
            return m.get("main.parse.missing", String.join(", ", mp.getMissing().stream().map(ParseErrors::label).toList()));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return m.get(first.startsWith("-") ? "main.parse.unknown_option" : "main.parse.unknown_argument", String.join(" ", u.getUnmatched()));
        }
        if (ex instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() != null) {
            return m.get("main.parse.repeated", label(o.getOverwritten()));
        }
        if (ex.getCause() instanceof CommandLine.TypeConversionException && ex.getArgSpec() != null && ex.getValue() != null) {
            return m.get("main.parse.bad_value", label(ex.getArgSpec()), ex.getValue());
        }
        return ex.getMessage();
    }

    /** picocli's suggestions for an unknown option or command ("did you mean"), or an empty list. */
    static List<String> suggestions(CommandLine.ParameterException ex) {
        return ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
    }

    private static String label(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
    }
}
