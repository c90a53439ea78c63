package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.catalog.Difference;
import com.ecliptix.memberships.schema.catalog.DriftCheck;
import com.ecliptix.memberships.schema.catalog.DriftReport;
import com.ecliptix.memberships.schema.catalog.NotCompared;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checks a live database for drift from the committed catalog snapshot and prints the differences; reads
 * only. Exits 0 when the catalog matches, 1 when it drifted (any difference, breaking or not), 2 when no
 * database is given or its catalog cannot be read, 3 to 6 when it cannot be connected to (see {@link ExitCode}).
 * What the engine's catalog cannot answer (on Babelfish) is listed as not compared, and is no drift.
 */
@Command(name = "drift", description = {"Compares the database's schema dbo with the committed catalog snapshot; reads only.",
        "Lists what the engine's catalog cannot answer (on Babelfish) as not compared.",
        "Exits 0 without drift, 1 with drift, 2 when no database is given or its catalog cannot be read."})
final class DriftCommand extends DatabaseVerb implements JsonReport {

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Override
    public boolean jsonRequested() {
        return json;
    }

    @Override
    int run(ConnectionSettings settings) {
        DriftReport report;
        try {
            report = DriftCheck.against(settings).compareWithCommittedSnapshot();
        } catch (IllegalStateException e) {
            throw new CliException(ExitCode.USAGE, "Cannot check " + settings.redactedUrl() + ": " + Connections.oneLine(e.getMessage()));
        }
        out().print(json ? json(report) : report.render());
        return report.hasDrift() ? ExitCode.FAILED : ExitCode.OK;
    }

    private static String json(DriftReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("database", report.database());
        root.put("engine", report.actual().engine().name());
        root.put("snapshotEngine", report.snapshot().engine().name());
        DatabaseStatus.DriftVerdict verdict = DatabaseStatus.DriftVerdict.of(report);
        root.put("verdict", verdict.verdict());
        root.put("breaking", verdict.breaking());
        root.put("compatible", verdict.compatible());
        root.put("bodiesCompared", report.diff().bodiesCompared());
        root.put("differences", report.differences().stream().map(DriftCommand::json).toList());
        root.put("notCompared", notCompared(report.notCompared()));
        return Json.write(root);
    }

    private static Object json(Difference difference) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impact", difference.impact().name().toLowerCase(Locale.ROOT));
        m.put("change", difference.change().name().toLowerCase(Locale.ROOT));
        m.put("object", difference.object());
        m.put("reason", difference.reason());
        m.put("snapshot", difference.expected());
        m.put("database", difference.actual());
        return m;
    }

    /** Each part the engine could not answer: what, from which view, on which engine, why, and the report's line. */
    static List<Object> notCompared(List<NotCompared> notCompared) {
        return notCompared.stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("part", n.part().text());
            m.put("view", n.view());
            m.put("engine", n.engine());
            m.put("reason", n.reason());
            m.put("text", n.render());
            return (Object) m;
        }).toList();
    }
}
