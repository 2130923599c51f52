/** The Web Speech API's recognition part, which lib.dom does not declare. */
interface RecognitionResultEvent {
  results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
}

export interface Recognition {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((event: RecognitionResultEvent) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}

type RecognitionConstructor = new () => Recognition;

export function speechRecognition(): RecognitionConstructor | null {
  const scope = globalThis as unknown as {
    SpeechRecognition?: RecognitionConstructor;
    webkitSpeechRecognition?: RecognitionConstructor;
  };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition ?? null;
}

/** BCP 47 tags recognisers know for our languages. */
export function recognitionLang(language: string): string {
  const map: Record<string, string> = {
    ja: 'ja-JP',
    en: 'en-US',
    'zh-Hans': 'zh-CN',
    'zh-Hant': 'zh-TW',
    ko: 'ko-KR',
    es: 'es-ES',
  };
  return map[language] ?? language;
}

export function transcriptOf(event: RecognitionResultEvent): { text: string; final: boolean } {
  let text = '';
  let final = false;
  for (let i = 0; i < event.results.length; i++) {
    const result = event.results[i];
    if (!result) continue;
    text += result[0]?.transcript ?? '';
    final = result.isFinal;
  }
  return { text, final };
}
