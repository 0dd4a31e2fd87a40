"""The packages' own interface text (buttons, notices, runtime messages) in every language the course ships.

Curriculum text comes from ``curriculum/``; these are only the words of the package's user interface.
"""

from __future__ import annotations

from curriculum.languages import short_language
from curriculum.terms import terms

UI_LANGUAGES = ("en", "es", "fr", "pt")

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "continue_next": "Continue with the next module: {title}",
        "use_lms_next": "To go on to the next module ({title}), use your learning platform's Next button or its "
                        "course menu.",
        "skip": "Skip to the content",
        "parts_nav": "Parts of this module",
        "overview": "Overview",
        "case_study": "Case study",
        "peer_exercise": "Exercise",
        "assessment": "Assessment",
        "objectives": "What you will learn",
        "progress": "Your progress",
        "todo": "not done yet",
        "capacity_send": "Save my self-assessment",
        "capacity_missing": "Choose a level in every area first.",
        "capacity_saved": "Your self-assessment is saved ({n} times so far).",
        "capacity_area": "Area",
        "capacity_first": "First time",
        "capacity_latest": "Latest",
        "capacity_evidence": "Evidence we looked at (optional)",
        "capacity_table": "Your profile: maturity per area (1 to 4)",
        "capacity_chart": "Capacity profile",
        "capacity_yours": "Your profile",
        "done": "done",
        "minutes": "{n} min",
        "start": "Start",
        "next": "Next part",
        "your_answer": "Your answer",
        "answers_kept": "Your answers are saved as you type and kept when you come back.",
        "finish_case": "I have finished the case study",
        "case_done": "You have completed this case study.",
        "case_rule": "This case study is complete when every discussion question has an answer.",
        "solo_title": "Working alone with this package",
        "solo_text": "On the course platform this is a peer exercise: colleagues read your work and assess it with "
                     "the rubric. This package has no way to reach other learners, so here you write your response, "
                     "assess it yourself against the same rubric, and then share it with your group yourself.",
        "response": "Your response",
        "characters": "characters",
        "self_assessment": "Assess your own response",
        "self_assessment_help": "For each criterion, choose the level that best describes your response.",
        "points": "{n} points",
        "save_exercise": "Save my response and self-assessment",
        "exercise_saved": "Saved. You rated your response {points} of {max} points. This self-assessment is for "
                          "your own learning and does not count towards your score.",
        "exercise_missing": "Write your response and choose a level for every criterion first.",
        "share_title": "Share it with your group",
        "share_text": "Real peer feedback needs people: copy or download your response and your self-assessment, "
                      "and share them with your group or facilitator (at a meeting, by e-mail or by message). "
                      "Ask them to use the rubric above.",
        "copy": "Copy to the clipboard",
        "copied": "Copied.",
        "copy_failed": "Copying is not allowed here; use the download button instead.",
        "download": "Download as a text file",
        "question": "Question {n}",
        "submit": "Submit my answers",
        "try_again": "Try again",
        "attempts_left": "Attempts left: {n}",
        "attempts_unlimited": "You may try as often as you like.",
        "no_attempts_left": "You have used all your attempts.",
        "pass_mark": "Pass mark: {n}%",
        "your_score": "Your score: {score}% ({points} of {max} points).",
        "best_score": "Best score so far: {n}%",
        "passed": "You passed.",
        "failed": "You have not reached the pass mark yet.",
        "correct": "Correct",
        "partly_correct": "Partly correct",
        "incorrect": "Not correct",
        "unanswered": "Not answered",
        "true": "True",
        "false": "False",
        "numeric_hint": "A number, e.g. 12.5 or 12,5",
        "answer_all": "Some questions have no answer yet. Submit anyway, or answer them first.",
        "status_connected": "Connected to your learning platform: your progress is saved there.",
        "status_standalone": "No learning platform found: this page works on its own. Your answers are kept in "
                             "this browser only.",
        "status_saving_failed": "Your learning platform did not accept the last save. Trying again…",
        "status_saving_gave_up": "Your learning platform is not saving your progress. Your answers are kept in "
                                 "this browser; keep this window open and try again, or tell your facilitator.",
        "status_saved_again": "Saved to your learning platform again.",
        "retry_save": "Try saving again",
        "status_restored_local": "Answers saved in this browser were restored because they were newer than the "
                                 "platform's copy.",
        "status_truncated": "Your answers are longer than this platform can store for one module; the platform "
                            "keeps a shortened copy and the full text stays in this browser.",
        "status_review": "Review: these are your saved answers. Nothing you do here changes them or your results.",
        "licence": "Licence",
    },
    "es": {
        "continue_next": "Continuar con el módulo siguiente: {title}",
        "use_lms_next": "Para pasar al módulo siguiente ({title}), use el botón Siguiente de su plataforma de "
                        "aprendizaje o el menú del curso.",
        "skip": "Ir al contenido",
        "parts_nav": "Partes de este módulo",
        "overview": "Presentación",
        "case_study": "Estudio de caso",
        "peer_exercise": "Ejercicio",
        "assessment": "Evaluación",
        "objectives": "Lo que aprenderá",
        "progress": "Su avance",
        "todo": "pendiente",
        "capacity_send": "Guardar mi autoevaluación",
        "capacity_missing": "Primero elija un nivel en cada área.",
        "capacity_saved": "Su autoevaluación está guardada ({n} veces hasta ahora).",
        "capacity_area": "Área",
        "capacity_first": "Primera vez",
        "capacity_latest": "Última",
        "capacity_evidence": "Evidencias que revisamos (opcional)",
        "capacity_table": "Su perfil: madurez por área (1 a 4)",
        "capacity_chart": "Perfil de capacidades",
        "capacity_yours": "Su perfil",
        "done": "hecho",
        "minutes": "{n} min",
        "start": "Empezar",
        "next": "Parte siguiente",
        "your_answer": "Su respuesta",
        "answers_kept": "Sus respuestas se guardan mientras escribe y se conservan cuando vuelva.",
        "finish_case": "He terminado el estudio de caso",
        "case_done": "Ha completado este estudio de caso.",
        "case_rule": "Este estudio de caso se completa cuando cada pregunta para la discusión tiene una respuesta.",
        "solo_title": "Trabajo individual con este paquete",
        "solo_text": "En la plataforma del curso este es un ejercicio entre pares: colegas leen su trabajo y lo "
                     "evalúan con la rúbrica. Este paquete no puede comunicarse con otras personas participantes; "
                     "aquí usted escribe su respuesta, la autoevalúa con la misma rúbrica y luego la comparte "
                     "usted con su grupo.",
        "response": "Su respuesta",
        "characters": "caracteres",
        "self_assessment": "Autoevalúe su respuesta",
        "self_assessment_help": "Para cada criterio, elija el nivel que mejor describe su respuesta.",
        "points": "{n} puntos",
        "save_exercise": "Guardar mi respuesta y mi autoevaluación",
        "exercise_saved": "Guardado. Usted calificó su respuesta con {points} de {max} puntos. Esta autoevaluación "
                          "es para su propio aprendizaje y no cuenta en su nota.",
        "exercise_missing": "Primero escriba su respuesta y elija un nivel para cada criterio.",
        "share_title": "Compártala con su grupo",
        "share_text": "La retroalimentación entre pares necesita personas: copie o descargue su respuesta y su "
                      "autoevaluación y compártalas con su grupo o con quien facilita (en una reunión, por correo o "
                      "por mensaje). Pídales que usen la rúbrica de arriba.",
        "copy": "Copiar al portapapeles",
        "copied": "Copiado.",
        "copy_failed": "Aquí no se permite copiar; use el botón de descarga.",
        "download": "Descargar como archivo de texto",
        "question": "Pregunta {n}",
        "submit": "Enviar mis respuestas",
        "try_again": "Intentar de nuevo",
        "attempts_left": "Intentos restantes: {n}",
        "attempts_unlimited": "Puede intentarlo cuantas veces quiera.",
        "no_attempts_left": "Ha usado todos sus intentos.",
        "pass_mark": "Nota mínima: {n} %",
        "your_score": "Su resultado: {score} % ({points} de {max} puntos).",
        "best_score": "Mejor resultado hasta ahora: {n} %",
        "passed": "Ha aprobado.",
        "failed": "Todavía no alcanza la nota mínima.",
        "correct": "Correcto",
        "partly_correct": "Parcialmente correcto",
        "incorrect": "Incorrecto",
        "unanswered": "Sin respuesta",
        "true": "Verdadero",
        "false": "Falso",
        "numeric_hint": "Un número, p. ej. 12,5",
        "answer_all": "Algunas preguntas no tienen respuesta. Envíe de todos modos o respóndalas primero.",
        "status_connected": "Conectado a su plataforma de aprendizaje: su avance se guarda allí.",
        "status_standalone": "No se encontró ninguna plataforma de aprendizaje: esta página funciona sola. Sus "
                             "respuestas se guardan solo en este navegador.",
        "status_saving_failed": "Su plataforma no aceptó el último guardado. Intentando de nuevo…",
        "status_saving_gave_up": "Su plataforma no está guardando su avance. Sus respuestas se conservan en este "
                                 "navegador; mantenga esta ventana abierta e inténtelo de nuevo, o avise a quien "
                                 "facilita.",
        "status_saved_again": "Guardado de nuevo en su plataforma.",
        "retry_save": "Intentar guardar de nuevo",
        "status_restored_local": "Se recuperaron las respuestas guardadas en este navegador porque eran más "
                                 "recientes que las de la plataforma.",
        "status_truncated": "Sus respuestas son más largas de lo que la plataforma puede guardar para un módulo; "
                            "la plataforma guarda una copia abreviada y el texto completo queda en este navegador.",
        "status_review": "Revisión: estas son sus respuestas guardadas. Nada de lo que haga aquí las cambia ni "
                         "cambia sus resultados.",
        "licence": "Licencia",
    },
    "fr": {
        "continue_next": "Continuer avec le module suivant : {title}",
        "use_lms_next": "Pour passer au module suivant ({title}), utilisez le bouton Suivant de votre plateforme "
                        "de formation ou le menu du cours.",
        "skip": "Aller au contenu",
        "parts_nav": "Parties de ce module",
        "overview": "Présentation",
        "case_study": "Étude de cas",
        "peer_exercise": "Exercice",
        "assessment": "Évaluation",
        "objectives": "Ce que vous allez apprendre",
        "progress": "Votre progression",
        "todo": "à faire",
        "capacity_send": "Enregistrer mon auto-évaluation",
        "capacity_missing": "Choisissez d'abord un niveau dans chaque domaine.",
        "capacity_saved": "Votre auto-évaluation est enregistrée ({n} fois jusqu'ici).",
        "capacity_area": "Domaine",
        "capacity_first": "Première fois",
        "capacity_latest": "Dernière",
        "capacity_evidence": "Preuves que nous avons regardées (facultatif)",
        "capacity_table": "Votre profil : maturité par domaine (1 à 4)",
        "capacity_chart": "Profil de capacités",
        "capacity_yours": "Votre profil",
        "done": "fait",
        "minutes": "{n} min",
        "start": "Commencer",
        "next": "Partie suivante",
        "your_answer": "Votre réponse",
        "answers_kept": "Vos réponses sont enregistrées pendant la saisie et conservées quand vous revenez.",
        "finish_case": "J'ai terminé l'étude de cas",
        "case_done": "Vous avez terminé cette étude de cas.",
        "case_rule": "Cette étude de cas est terminée quand chaque question de discussion a une réponse.",
        "solo_title": "Travailler seul·e avec ce paquet",
        "solo_text": "Sur la plateforme du cours, cet exercice se fait entre pairs : des collègues lisent votre "
                     "travail et l'évaluent avec la grille. Ce paquet ne peut pas joindre d'autres apprenant·es : "
                     "ici, vous rédigez votre réponse, vous l'auto-évaluez avec la même grille, puis vous la "
                     "partagez vous-même avec votre groupe.",
        "response": "Votre réponse",
        "characters": "caractères",
        "self_assessment": "Auto-évaluez votre réponse",
        "self_assessment_help": "Pour chaque critère, choisissez le niveau qui décrit le mieux votre réponse.",
        "points": "{n} points",
        "save_exercise": "Enregistrer ma réponse et mon auto-évaluation",
        "exercise_saved": "Enregistré. Vous avez noté votre réponse {points} sur {max} points. Cette "
                          "auto-évaluation sert votre apprentissage et ne compte pas dans votre note.",
        "exercise_missing": "Rédigez d'abord votre réponse et choisissez un niveau pour chaque critère.",
        "share_title": "Partagez-la avec votre groupe",
        "share_text": "Un vrai retour entre pairs demande des personnes : copiez ou téléchargez votre réponse et "
                      "votre auto-évaluation, et partagez-les avec votre groupe ou votre animateur·rice (en "
                      "réunion, par courriel ou par message). Demandez-leur d'utiliser la grille ci-dessus.",
        "copy": "Copier dans le presse-papiers",
        "copied": "Copié.",
        "copy_failed": "La copie n'est pas permise ici ; utilisez le bouton de téléchargement.",
        "download": "Télécharger en fichier texte",
        "question": "Question {n}",
        "submit": "Envoyer mes réponses",
        "try_again": "Réessayer",
        "attempts_left": "Tentatives restantes : {n}",
        "attempts_unlimited": "Vous pouvez essayer autant de fois que vous voulez.",
        "no_attempts_left": "Vous avez utilisé toutes vos tentatives.",
        "pass_mark": "Seuil de réussite : {n} %",
        "your_score": "Votre résultat : {score} % ({points} sur {max} points).",
        "best_score": "Meilleur résultat jusqu'ici : {n} %",
        "passed": "Vous avez réussi.",
        "failed": "Vous n'avez pas encore atteint le seuil de réussite.",
        "correct": "Correct",
        "partly_correct": "Partiellement correct",
        "incorrect": "Incorrect",
        "unanswered": "Sans réponse",
        "true": "Vrai",
        "false": "Faux",
        "numeric_hint": "Un nombre, par ex. 12,5",
        "answer_all": "Certaines questions n'ont pas de réponse. Envoyez quand même, ou répondez d'abord.",
        "status_connected": "Connecté à votre plateforme d'apprentissage : votre progression y est enregistrée.",
        "status_standalone": "Aucune plateforme d'apprentissage trouvée : cette page fonctionne seule. Vos "
                             "réponses sont conservées dans ce navigateur uniquement.",
        "status_saving_failed": "Votre plateforme n'a pas accepté le dernier enregistrement. Nouvel essai…",
        "status_saving_gave_up": "Votre plateforme n'enregistre pas votre progression. Vos réponses sont gardées "
                                 "dans ce navigateur ; laissez cette fenêtre ouverte et réessayez, ou prévenez "
                                 "votre animateur·rice.",
        "status_saved_again": "De nouveau enregistré sur votre plateforme.",
        "retry_save": "Réessayer d'enregistrer",
        "status_restored_local": "Les réponses gardées dans ce navigateur ont été rétablies, car elles étaient plus "
                                 "récentes que celles de la plateforme.",
        "status_truncated": "Vos réponses dépassent ce que la plateforme peut garder pour un module ; elle en garde "
                            "une copie abrégée et le texte complet reste dans ce navigateur.",
        "status_review": "Consultation : voici vos réponses enregistrées. Rien de ce que vous faites ici ne les "
                         "modifie, ni vos résultats.",
        "licence": "Licence",
    },
    "pt": {
        "continue_next": "Continuar com o próximo módulo: {title}",
        "use_lms_next": "Para passar ao próximo módulo ({title}), use o botão Seguinte da sua plataforma de "
                        "aprendizagem ou o menu do curso.",
        "skip": "Ir para o conteúdo",
        "parts_nav": "Partes deste módulo",
        "overview": "Apresentação",
        "case_study": "Estudo de caso",
        "peer_exercise": "Exercício",
        "assessment": "Avaliação",
        "objectives": "O que você vai aprender",
        "progress": "Seu progresso",
        "todo": "a fazer",
        "capacity_send": "Salvar minha autoavaliação",
        "capacity_missing": "Primeiro escolha um nível em cada área.",
        "capacity_saved": "A sua autoavaliação está salva ({n} vezes até agora).",
        "capacity_area": "Área",
        "capacity_first": "Primeira vez",
        "capacity_latest": "Última",
        "capacity_evidence": "Evidências que observamos (opcional)",
        "capacity_table": "Seu perfil: maturidade por área (1 a 4)",
        "capacity_chart": "Perfil de capacidades",
        "capacity_yours": "Seu perfil",
        "done": "feito",
        "minutes": "{n} min",
        "start": "Começar",
        "next": "Próxima parte",
        "your_answer": "Sua resposta",
        "answers_kept": "Suas respostas são guardadas enquanto você escreve e mantidas quando você voltar.",
        "finish_case": "Terminei o estudo de caso",
        "case_done": "Você concluiu este estudo de caso.",
        "case_rule": "Este estudo de caso é concluído quando cada pergunta para discussão tem uma resposta.",
        "solo_title": "Trabalhando sozinho com este pacote",
        "solo_text": "Na plataforma do curso este é um exercício entre pares: colegas leem seu trabalho e o avaliam "
                     "com a rubrica. Este pacote não tem como alcançar outras pessoas; aqui você escreve sua "
                     "resposta, faz a autoavaliação com a mesma rubrica e depois a compartilha você mesmo com o "
                     "seu grupo.",
        "response": "Sua resposta",
        "characters": "caracteres",
        "self_assessment": "Autoavalie sua resposta",
        "self_assessment_help": "Para cada critério, escolha o nível que melhor descreve sua resposta.",
        "points": "{n} pontos",
        "save_exercise": "Guardar minha resposta e autoavaliação",
        "exercise_saved": "Guardado. Você avaliou sua resposta com {points} de {max} pontos. Esta autoavaliação é "
                          "para sua própria aprendizagem e não conta na sua nota.",
        "exercise_missing": "Primeiro escreva sua resposta e escolha um nível para cada critério.",
        "share_title": "Compartilhe com o seu grupo",
        "share_text": "Um retorno real entre pares precisa de pessoas: copie ou baixe sua resposta e sua "
                      "autoavaliação e compartilhe com o seu grupo ou facilitador (numa reunião, por e-mail ou "
                      "por mensagem). Peça que usem a rubrica acima.",
        "copy": "Copiar para a área de transferência",
        "copied": "Copiado.",
        "copy_failed": "Copiar não é permitido aqui; use o botão de download.",
        "download": "Baixar como arquivo de texto",
        "question": "Pergunta {n}",
        "submit": "Enviar minhas respostas",
        "try_again": "Tentar de novo",
        "attempts_left": "Tentativas restantes: {n}",
        "attempts_unlimited": "Você pode tentar quantas vezes quiser.",
        "no_attempts_left": "Você usou todas as suas tentativas.",
        "pass_mark": "Nota mínima: {n}%",
        "your_score": "Seu resultado: {score}% ({points} de {max} pontos).",
        "best_score": "Melhor resultado até agora: {n}%",
        "passed": "Você foi aprovado.",
        "failed": "Você ainda não alcançou a nota mínima.",
        "correct": "Correto",
        "partly_correct": "Parcialmente correto",
        "incorrect": "Incorreto",
        "unanswered": "Sem resposta",
        "true": "Verdadeiro",
        "false": "Falso",
        "numeric_hint": "Um número, p. ex. 12,5",
        "answer_all": "Algumas perguntas ainda não têm resposta. Envie assim mesmo ou responda primeiro.",
        "status_connected": "Conectado à sua plataforma de aprendizagem: seu progresso é guardado lá.",
        "status_standalone": "Nenhuma plataforma de aprendizagem encontrada: esta página funciona sozinha. Suas "
                             "respostas ficam guardadas só neste navegador.",
        "status_saving_failed": "Sua plataforma não aceitou o último salvamento. Tentando de novo…",
        "status_saving_gave_up": "Sua plataforma não está guardando seu progresso. Suas respostas ficam neste "
                                 "navegador; mantenha esta janela aberta e tente de novo, ou avise o facilitador.",
        "status_saved_again": "Guardado de novo na sua plataforma.",
        "retry_save": "Tentar guardar de novo",
        "status_restored_local": "As respostas guardadas neste navegador foram recuperadas porque eram mais "
                                 "recentes que as da plataforma.",
        "status_truncated": "Suas respostas são mais longas do que a plataforma pode guardar para um módulo; ela "
                            "guarda uma cópia resumida e o texto completo fica neste navegador.",
        "status_review": "Revisão: estas são as suas respostas guardadas. Nada do que fizer aqui as altera nem "
                         "altera os seus resultados.",
        "licence": "Licença",
    },
}


# The interface terms the channels share (facts labels, framing, timeline, results…) come from the core, in the
# core's translations (curriculum/terms.py), keyed as there.
for _language in UI_LANGUAGES:
    STRINGS[_language].update(terms(_language))


def ui_strings(language: str) -> dict[str, str]:
    """The interface strings for ``language`` (a regional tag like ``es-PE`` uses ``es``); English otherwise."""
    base = STRINGS["en"]
    chosen = STRINGS.get(short_language(language)) or {}
    return {**base, **chosen}
