package dev.litserve4j.junit;

import dev.litserve4j.LitApi;
import dev.litserve4j.LitServerBuilder;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Reads {@link LitServerTest} from a test class (or the class it is nested in) into a server configuration. */
final class AnnotatedServer {

    private AnnotatedServer() {
    }

    static LitServerTest find(ExtensionContext context) {
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            var found = AnnotationSupport.findAnnotation(type, LitServerTest.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("LitServerExtension was registered without arguments on "
                + context.getRequiredTestClass().getName() + ", which has no @LitServerTest: annotate the class with "
                + "@LitServerTest(YourApi.class), or register LitServerExtension.serving(new YourApi()) with "
                + "@RegisterExtension");
    }

    static Consumer<LitServerBuilder> configuration(LitServerTest annotation) {
        Class<? extends LitApi<?, ?>> type = annotation.value();
        return builder -> builder.api(instantiate(type)).stream(annotation.stream());
    }

    private static LitApi<?, ?> instantiate(Class<? extends LitApi<?, ?>> type) {
        try {
            Constructor<? extends LitApi<?, ?>> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExtensionConfigurationException("@LitServerTest(" + type.getSimpleName() + ".class) needs a "
                    + "constructor without arguments; for an API made with arguments, register "
                    + "LitServerExtension.serving(new " + type.getSimpleName() + "(...)) with @RegisterExtension", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException("the constructor of " + type.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("cannot make a " + type.getName() + ": " + e, e);
        }
    }
}
