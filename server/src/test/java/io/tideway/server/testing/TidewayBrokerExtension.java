package io.tideway.server.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link TidewayBrokerTest}: starts a {@link RunningBroker} before
 * the class, resolves {@code RunningBroker} parameters, and stops it after the class.
 *
 * <p>Thread contract: JUnit calls it on the test class's thread; the broker lives in the class's
 * extension store, so parallel test classes each get their own.
 */
public final class TidewayBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TidewayBrokerExtension.class);
    private static final String KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (find(context.getParent().orElse(null)).isPresent()) {
            return; // a nested class shares its enclosing class's broker
        }
        TidewayBrokerTest settings = AnnotationSupport
                .findAnnotation(context.getRequiredTestClass(), TidewayBrokerTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "Use @TidewayBrokerTest on " + context.getRequiredTestClass().getName()));
        RunningBroker broker = RunningBroker.start(overrides(settings.config()));
        context.getStore(NAMESPACE).put(KEY, broker);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RunningBroker broker = context.getStore(NAMESPACE).remove(KEY, RunningBroker.class);
        if (broker != null) {
            broker.stopAndDelete();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return find(context).orElseThrow(() -> new ParameterResolutionException(
                "No Tideway broker is running for " + context.getDisplayName()));
    }

    private static Optional<RunningBroker> find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            RunningBroker broker = c.getStore(NAMESPACE).get(KEY, RunningBroker.class);
            if (broker != null) {
                return Optional.of(broker);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> overrides(String[] entries) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new ExtensionConfigurationException("@TidewayBrokerTest config entry '"
                        + entry + "' is not key=value");
            }
            overrides.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return overrides;
    }
}
