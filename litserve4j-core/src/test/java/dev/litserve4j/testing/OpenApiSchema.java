package dev.litserve4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * The official OpenAPI 3.1 JSON Schema, in its "schema-base" form: the document's structure, and
 * every Schema Object against the OpenAPI dialect (JSON Schema 2020-12 plus OpenAPI's keywords). The
 * schema files are the OpenAPI Initiative's (Apache 2.0), as published at spec.openapis.org and
 * bundled in {@code io.vertx:vertx-openapi}'s jar; they are read from the class path, never fetched.
 */
public final class OpenApiSchema {

    public static final String ID = "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07";
    private static final Schema SCHEMA = load();

    private OpenApiSchema() {
    }

    /** What is wrong with {@code document}; empty when it is a valid OpenAPI 3.1 document. */
    public static List<Error> validate(JsonNode document) {
        return SCHEMA.validate(document);
    }

    private static Schema load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                        .schemaIdResolvers(ids -> ids.mapPrefix("https://spec.openapis.org/oas/3.1/",
                                "classpath:spec.openapis.org/oas/3.1/"))));
        Schema schema = registry.getSchema(SchemaLocation.of(ID));
        schema.initializeValidators(); // every $ref resolved now: a missing file fails here, not as "valid"
        return schema;
    }
}
