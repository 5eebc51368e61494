package dev.litserve4j.internal.engine;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.litserve4j.Form;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.form.BodyKind;

/**
 * What an API's class says about its wire types: the {@code I} and {@code O} of {@code LitApi<I, O>},
 * and whether the hooks that turn JSON into {@code I} and {@code O} into JSON are the defaults. The
 * request binding and the OpenAPI document both ask here, so they cannot disagree.
 */
public final class ApiTypes {

    private ApiTypes() {
    }

    /** {@code I}, or Object when the class does not say (a raw or still generic implementation). */
    public static JavaType input(LitApi<?, ?> api, TypeFactory types) {
        return parameter(api, types, 0);
    }

    /** {@code O}, or Object when the class does not say. */
    public static JavaType output(LitApi<?, ?> api, TypeFactory types) {
        return parameter(api, types, 1);
    }

    /** What the request body is: a {@link Form} or {@code byte[]} input takes one of those, any other JSON. */
    public static BodyKind bodyKind(LitApi<?, ?> api) {
        Class<?> input = TypeFactory.rawClass(parameter(api, TypeFactory.defaultInstance(), 0));
        if (input == Form.class) {
            return BodyKind.FORM;
        }
        return input == byte[].class ? BodyKind.BYTES : BodyKind.JSON;
    }

    /** True when the body is bound straight to {@code I}: {@code decodeRequest} is not overridden. */
    public static boolean usesDefaultDecode(LitApi<?, ?> api) {
        return declaredByLitApi(api, "decodeRequest");
    }

    /** True when {@code O} is what is written: {@code encodeResponse} is not overridden. */
    public static boolean usesDefaultEncode(LitApi<?, ?> api) {
        return declaredByLitApi(api, "encodeResponse");
    }

    /** True when the API decides its own access: {@code authorize} is overridden. */
    public static boolean authorizes(LitApi<?, ?> api) {
        try {
            return api.getClass().getMethod("authorize", RequestContext.class).getDeclaringClass() != LitApi.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("LitApi.authorize is public", e);
        }
    }

    /** True when the API predicts asynchronously: {@code predictAsync} is overridden. */
    public static boolean predictsAsync(LitApi<?, ?> api) {
        return !declaredByLitApi(api, "predictAsync");
    }

    private static JavaType parameter(LitApi<?, ?> api, TypeFactory types, int index) {
        JavaType[] params = types.constructType(api.getClass()).findTypeParameters(LitApi.class);
        return params == null || params.length != 2 ? types.constructType(Object.class) : params[index];
    }

    private static boolean declaredByLitApi(LitApi<?, ?> api, String hook) {
        try {
            return api.getClass().getMethod(hook, Object.class, RequestContext.class).getDeclaringClass() == LitApi.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("LitApi." + hook + " is public", e);
        }
    }
}
