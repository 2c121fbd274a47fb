package io.quodock.cli;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * Default values for options whose annotated default reads an environment variable
 * ({@code ${env:NAME}} or {@code ${env:NAME:-default}}), in the order flag, environment, env file,
 * default. A variable that is set, even to an empty string, wins over the env file and the default,
 * as with Go's {@code os.LookupEnv} in the original plugin. Picocli consults this only for options
 * not given on the command line, after it parsed the command line.
 *
 * <p>The env file is the one given with {@code --env-file}, else the one {@code QUODOCK_ENV_FILE}
 * names, else {@value #DEFAULT_FILE} when it exists. A file given explicitly must exist.
 */
final class EnvFileDefaults implements IDefaultValueProvider {
    /** Where the original plugin's systemd unit reads its environment from. */
    static final String DEFAULT_FILE = "/etc/quobyte/docker-quobyte.env";
    static final String FILE_VARIABLE = "QUODOCK_ENV_FILE";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}",
            Pattern.DOTALL);

    private final Supplier<Map<String, String>> environment;
    private final Supplier<Path> givenFile;
    private Path file;
    private Map<String, String> values;
    private IOException problem;

    /**
     * @param environment the process environment
     * @param givenFile   the {@code --env-file} from the command line, or null
     */
    EnvFileDefaults(Supplier<Map<String, String>> environment, Supplier<Path> givenFile) {
        this.environment = environment;
        this.givenFile = givenFile;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec.userObject() instanceof AnnotatedElement element) || element.getAnnotation(Option.class) == null) {
            return null;
        }
        Matcher reference = ENV_DEFAULT.matcher(element.getAnnotation(Option.class).defaultValue());
        if (!reference.matches()) {
            return null;
        }
        String variable = reference.group(1);
        Map<String, String> env = environment.get();
        if (env.containsKey(variable)) {
            return env.get(variable);
        }
        String fromFile = values().get(variable);
        return fromFile != null ? fromFile : reference.group(2);
    }

    /** The env file read, or null when there is none. */
    synchronized Path file() {
        values();
        return file;
    }

    /** Why the env file could not be read, or null; the command refuses to start then. */
    synchronized IOException problem() {
        values();
        return problem;
    }

    private synchronized Map<String, String> values() {
        if (values != null) {
            return values;
        }
        values = Map.of();
        Path given = givenFile.get();
        String named = environment.get().get(FILE_VARIABLE);
        Path candidate = given != null ? given : named != null && !named.isEmpty() ? Path.of(named) : null;
        if (candidate == null && Files.exists(Path.of(DEFAULT_FILE))) {
            candidate = Path.of(DEFAULT_FILE);
        }
        if (candidate == null) {
            return values;
        }
        try {
            values = EnvFile.read(candidate);
            file = candidate;
        } catch (IOException e) {
            problem = e.getMessage() != null && e.getMessage().startsWith("env file") ? e
                    : new IOException("env file " + candidate + " cannot be read (" + e + "): fix --env-file or "
                    + FILE_VARIABLE, e);
        }
        return values;
    }
}
