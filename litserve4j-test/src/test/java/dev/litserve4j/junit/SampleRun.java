package dev.litserve4j.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a sample test class through the JUnit Platform, as a build would, and tells how it went. */
final class SampleRun {

    private SampleRun() {
    }

    static TestExecutionSummary of(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    /** The failures' messages, for an assertion that shows them. */
    static List<String> failures(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .toList();
    }
}
