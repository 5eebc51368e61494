package dev.litserve4j.internal.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.HttpError;
import org.junit.jupiter.api.Test;

class BodyKindTest {

    private static Integer status(BodyKind kind, String contentType) {
        HttpError refusal = kind.refusal(contentType);
        return refusal == null ? null : refusal.status();
    }

    @Test
    void aFormTakesMultipartWithABoundaryAndUrlencodedOnly() {
        assertThat(status(BodyKind.FORM, "multipart/form-data; boundary=abc")).isNull();
        assertThat(status(BodyKind.FORM, "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")).isNull();
        assertThat(status(BodyKind.FORM, "application/x-www-form-urlencoded; charset=UTF-8")).isNull();
        assertThat(status(BodyKind.FORM, "multipart/form-data")).isEqualTo(400);
        assertThat(status(BodyKind.FORM, "multipart/form-data; boundary=")).isEqualTo(400);
        assertThat(status(BodyKind.FORM, "multipart/form-data; boundary=\"\"")).isEqualTo(400);
        assertThat(status(BodyKind.FORM, "multipart/mixed; boundary=abc")).isEqualTo(415);
        assertThat(status(BodyKind.FORM, "application/json")).isEqualTo(415);
        assertThat(status(BodyKind.FORM, null)).isEqualTo(415);
        assertThat(BodyKind.FORM.refusal(null).getMessage()).contains("(got no Content-Type)");
    }

    @Test
    void bytesTakeBinaryTypesAndABodyWithoutAType() {
        assertThat(status(BodyKind.BYTES, "application/octet-stream")).isNull();
        assertThat(status(BodyKind.BYTES, "image/jpeg")).isNull();
        assertThat(status(BodyKind.BYTES, "audio/wav")).isNull();
        assertThat(status(BodyKind.BYTES, null)).isNull();
        assertThat(status(BodyKind.BYTES, "application/json")).isEqualTo(415);
        assertThat(status(BodyKind.BYTES, "multipart/form-data; boundary=x")).isEqualTo(415);
    }

    @Test
    void jsonRefusesOnlyWhatCannotBeJson() {
        assertThat(status(BodyKind.JSON, "application/json")).isNull();
        assertThat(status(BodyKind.JSON, null)).isNull();
        assertThat(status(BodyKind.JSON, "application/x-www-form-urlencoded")).isNull(); // curl -d
        assertThat(status(BodyKind.JSON, "text/plain")).isNull();
        assertThat(status(BodyKind.JSON, "multipart/form-data; boundary=x")).isEqualTo(415);
        assertThat(status(BodyKind.JSON, "image/png")).isEqualTo(415);
        assertThat(status(BodyKind.JSON, "application/octet-stream")).isEqualTo(415);
    }
}
